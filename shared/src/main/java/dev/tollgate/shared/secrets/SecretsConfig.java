package dev.tollgate.shared.secrets;

import io.smallrye.config.ConfigMapping;
import java.util.List;
import java.util.Optional;

/** The keys that encrypt secrets at rest, such as a payment provider's API key (docs/configuration.md). */
@ConfigMapping(prefix = "tollgate.secrets")
public interface SecretsConfig {

    /**
     * 32 random bytes in base64 ({@code head -c 32 /dev/urandom | base64}). Without it Tollgate stores no secret:
     * installing an app that needs one answers 409.
     */
    Optional<String> masterKey();

    /** Former master keys, still read, so that a key can be rotated: new secrets use the master key. */
    Optional<List<String>> previousMasterKeys();
}
