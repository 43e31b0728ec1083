package dev.tollgate.ingest.kong;

import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The mapping settings, checked at start-up: a configuration that would copy credential headers stops the service
 * from starting rather than leak them on the first request.
 */
@Startup
@ApplicationScoped
public class KongMapping {

    private final KongMappingConfig config;

    KongMapping(KongIngestConfig settings) {
        this.config = settings.toMappingConfig();
    }

    public KongMappingConfig config() {
        return config;
    }
}
