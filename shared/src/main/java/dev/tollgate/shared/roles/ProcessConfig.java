package dev.tollgate.shared.roles;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.Set;

@ConfigMapping(prefix = "tollgate.process")
public interface ProcessConfig {

    /** What this process does, any of api, ingest, aggregator, archiver and worker; all of them by default. */
    @WithDefault("api,ingest,aggregator,archiver,worker")
    Set<Role> roles();
}
