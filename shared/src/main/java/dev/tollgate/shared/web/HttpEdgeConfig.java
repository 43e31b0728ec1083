package dev.tollgate.shared.web;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Limits applied to every request before it reaches an endpoint. */
@ConfigMapping(prefix = "tollgate.http")
public interface HttpEdgeConfig {

    /** Longest request URI (path and query) answered with anything but 414. */
    @WithDefault("8192")
    int maxUriLength();

    /**
     * Largest request body once decompressed (413 beyond). A gzip body is inflated as it is read, so a small body
     * cannot expand past this; ingest applies its own, smaller limit on top.
     */
    @WithDefault("16M")
    MemorySize maxDecompressedBodySize();
}
