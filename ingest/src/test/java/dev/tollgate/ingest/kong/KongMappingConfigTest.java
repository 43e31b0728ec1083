package dev.tollgate.ingest.kong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tollgate.ingest.kong.KongMappingConfig.SubjectSource;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class KongMappingConfigTest {

    @Test
    void defaults() {
        KongMappingConfig config = KongMappingConfig.defaults();
        assertThat(config.subjectSource()).isEqualTo(SubjectSource.CONSUMER_ID);
        assertThat(config.subjectHeader()).isNull();
        assertThat(config.anonymousSubject()).isEqualTo("anonymous");
        assertThat(config.source()).isEqualTo("kong");
        assertThat(config.allowedRequestHeaders())
                .containsExactlyInAnyOrder("user-agent", "content-type", "x-consumer-groups", "x-authenticated-groups");
    }

    @Test
    void headerNamesAreStoredLowerCase() {
        KongMappingConfig config = KongMappingConfig.defaults()
                .withAllowedRequestHeaders(Set.of(" User-Agent ", "X-Tenant"))
                .withSubject(SubjectSource.HEADER, "X-Customer");
        assertThat(config.allowedRequestHeaders()).containsExactlyInAnyOrder("user-agent", "x-tenant");
        assertThat(config.subjectHeader()).isEqualTo("x-customer");
    }

    @Test
    void allowListIsImmutable() {
        Set<String> headers = KongMappingConfig.defaults().allowedRequestHeaders();
        assertThatThrownBy(() -> headers.add("apikey")).isInstanceOf(UnsupportedOperationException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"authorization", "Proxy-Authorization", "apikey", "api-key", "X-API-KEY", "cookie"})
    void credentialHeadersCannotBeAllowed(String header) {
        assertThatThrownBy(() -> KongMappingConfig.defaults().withAllowedRequestHeaders(Set.of(header)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("credentials");
    }

    @ParameterizedTest
    @ValueSource(strings = {"apikey", "Authorization"})
    void credentialHeadersCannotBeTheSubject(String header) {
        assertThatThrownBy(() -> KongMappingConfig.defaults().withSubject(SubjectSource.HEADER, header))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("credentials");
    }

    @Test
    void headerSourceNeedsAHeaderName() {
        assertThatThrownBy(() -> KongMappingConfig.defaults().withSubject(SubjectSource.HEADER, " "))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("subjectHeader");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "  "})
    void anonymousSubjectAndSourceMustNotBeBlank(String blank) {
        assertThatThrownBy(() -> KongMappingConfig.defaults().withAnonymousSubject(blank))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> KongMappingConfig.defaults().withSource(blank))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void nullsAreRejected() {
        assertThatThrownBy(() -> new KongMappingConfig(null, null, "anonymous", Set.of(), "kong"))
                .isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new KongMappingConfig(SubjectSource.CONSUMER_ID, null, "anonymous", null, "kong"))
                .isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> KongLogMapper.mapBody(KongFixtures.minimalRecord(), null))
                .isInstanceOf(NullPointerException.class);
    }

    @Test
    void emptyAllowListKeepsNoHeader() {
        KongMappingConfig config = KongMappingConfig.defaults().withAllowedRequestHeaders(Set.of());
        assertThat(KongLogMapper.map(KongFixtures.sample(KongFixtures.REST_SAMPLE), config).get(0).path("data")
                .has("headers")).isFalse();
    }
}
