package dev.tollgate.ingest.service;

import dev.tollgate.ingest.IngestConfig;
import dev.tollgate.ingest.api.EventTimeLimits;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;

/** The limits ingest enforces ({@code tollgate.ingest.max-future}), for the modules that read what it accepted. */
@ApplicationScoped
class ConfiguredEventTimeLimits implements EventTimeLimits {

    private final IngestConfig config;

    ConfiguredEventTimeLimits(IngestConfig config) {
        this.config = config;
    }

    @Override
    public Duration maxFuture() {
        return config.maxFuture();
    }
}
