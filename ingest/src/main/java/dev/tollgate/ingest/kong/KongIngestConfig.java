package dev.tollgate.ingest.kong;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.Optional;
import java.util.Set;

/** How Kong's http-log records are turned into events: {@code tollgate.ingest.kong.*}. */
@ConfigMapping(prefix = "tollgate.ingest.kong")
public interface KongIngestConfig {

    /** Which identity becomes the event subject: consumer-id, consumer-username, consumer-custom-id or header. */
    @WithDefault("consumer-id")
    KongMappingConfig.SubjectSource subject();

    /** The request header that holds the subject, when {@code subject} is {@code header}. */
    Optional<String> subjectHeader();

    /** The subject of requests that no consumer was authenticated for. */
    @WithDefault(KongMappingConfig.DEFAULT_ANONYMOUS_SUBJECT)
    String anonymousSubject();

    /**
     * Request headers copied into event data. Only these: Kong logs request headers as sent upstream, which can hold
     * provider API keys (see docs/kong.md); credential headers are refused even when listed.
     */
    @WithDefault("user-agent,content-type,x-consumer-groups,x-authenticated-groups")
    Set<String> allowedRequestHeaders();

    /** The CloudEvents source of the events. */
    @WithDefault(KongMappingConfig.DEFAULT_SOURCE)
    String source();

    default KongMappingConfig toMappingConfig() {
        return new KongMappingConfig(subject(), subjectHeader().orElse(null), anonymousSubject(),
                allowedRequestHeaders(), source());
    }
}
