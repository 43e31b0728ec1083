package dev.tollgate.invoicing.service;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** The billing run (docs/configuration.md). */
@ConfigMapping(prefix = "tollgate.billing")
public interface BillingConfig {

    /**
     * How often each process runs the billing job, as quarkus-scheduler reads it ({@code 1m}, {@code 30s}), or
     * {@code off}. Every process may run it: runs are safe together (docs/invoicing.md).
     */
    @WithDefault("1m")
    String runEvery();

    /**
     * Chunks of subscriptions synced, or of customers invoiced, at once by one run: each chunk is its own
     * transaction, so they may overlap; the database and ClickHouse share the machine's cores with them.
     */
    @WithDefault("3")
    int runThreads();

    /** How often a long run logs and stores its progress. */
    @WithDefault("5s")
    Duration progressEvery();
}
