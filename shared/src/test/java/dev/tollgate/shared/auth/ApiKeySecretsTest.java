package dev.tollgate.shared.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ApiKeySecretsTest {

    @Test
    void secretIsPrefixFollowedBy43UrlSafeCharacters() {
        String secret = ApiKeySecrets.newSecret();

        assertThat(secret).startsWith("tg_").hasSize(3 + 43);
        assertThat(secret.substring(3)).matches("[A-Za-z0-9_-]{43}");
    }

    @Test
    void secretsCarryNoPadding() {
        IntStream.range(0, 200).forEach(i -> assertThat(ApiKeySecrets.newSecret()).doesNotContain("=", "+", "/"));
    }

    @Test
    void secretsAreUnique() {
        Set<String> secrets = new HashSet<>();
        IntStream.range(0, 1000).forEach(i -> secrets.add(ApiKeySecrets.newSecret()));
        assertThat(secrets).hasSize(1000);
    }

    @Test
    void hashIs64LowercaseHexCharacters() {
        assertThat(ApiKeySecrets.hash(ApiKeySecrets.newSecret())).matches("[0-9a-f]{64}");
    }

    @Test
    void hashIsDeterministic() {
        String secret = ApiKeySecrets.newSecret();
        assertThat(ApiKeySecrets.hash(secret)).isEqualTo(ApiKeySecrets.hash(secret));
    }

    @Test
    void hashIsSha256OfUtf8Bytes() {
        // SHA-256("abc"), the FIPS 180-2 test vector.
        assertThat(ApiKeySecrets.hash("abc"))
                .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }

    @Test
    void differentSecretsHashDifferently() {
        assertThat(ApiKeySecrets.hash("tg_a")).isNotEqualTo(ApiKeySecrets.hash("tg_b"));
    }

    @Test
    void displayPrefixOfARealSecretShowsItsStartThenAnEllipsis() {
        String secret = ApiKeySecrets.newSecret();
        String display = ApiKeySecrets.displayPrefix(secret);

        assertThat(display).endsWith("...");
        String shown = display.substring(0, display.length() - 3);
        assertThat(secret).startsWith(shown);
        assertThat(shown).startsWith("tg_");
        assertThat(shown.length() * 4).isLessThanOrEqualTo(secret.length());
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 3, 4, 7, 8, 39, 40, 41, 46, 100, 1000})
    void displayPrefixNeverRevealsMoreThanAQuarterOfTheSecret(int length) {
        String secret = "x".repeat(length);
        String display = ApiKeySecrets.displayPrefix(secret);

        int shown = display.length() - "...".length();
        assertThat(display).endsWith("...");
        assertThat(shown * 4).isLessThanOrEqualTo(length);
        assertThat(shown).isLessThanOrEqualTo(10);
    }
}
