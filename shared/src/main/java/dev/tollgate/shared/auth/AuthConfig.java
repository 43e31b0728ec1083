package dev.tollgate.shared.auth;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

@ConfigMapping(prefix = "tollgate.auth")
public interface AuthConfig {

    /**
     * An admin key to create at start-up, so that a fresh install can be used at all. Only its hash is stored; set it
     * from the environment (TOLLGATE_AUTH_BOOTSTRAP_ADMIN_KEY), never in a committed file.
     */
    Optional<String> bootstrapAdminKey();

    /** Namespace (tenant) of the bootstrap key. */
    @WithDefault("default")
    String bootstrapNamespace();

    /** How long a verified key is trusted without asking PostgreSQL again; bounds how late a revocation bites. */
    @WithDefault("30s")
    Duration cacheTtl();
}
