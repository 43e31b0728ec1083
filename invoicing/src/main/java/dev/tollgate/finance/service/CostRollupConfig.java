package dev.tollgate.finance.service;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** The cost rollup (docs/finance.md, "How reports stay fast"). */
@ConfigMapping(prefix = "tollgate.finance.cost-rollup")
public interface CostRollupConfig {

    /** Whether reports by customer or department read whole months from the rollup when it is current. */
    @WithDefault("true")
    boolean enabled();

    /**
     * How often the refresher looks for months to compute (new ones, and those whose usage or inputs changed): a
     * duration such as {@code 10s}, or {@code off} for none (reports then read live).
     */
    @WithDefault("10s")
    String refreshEvery();

    /**
     * How far before a computation's start its usage counts as possibly unseen: covers clock differences between
     * instances and inserts that take long, since each write is stamped with its writer's clock. A month that keeps
     * receiving usage is computed again only once its last write is this old, so that the result is current at once;
     * until then reports read it live.
     */
    @WithDefault("60s")
    Duration overlap();
}
