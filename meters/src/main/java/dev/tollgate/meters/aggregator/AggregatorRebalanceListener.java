package dev.tollgate.meters.aggregator;

import dev.tollgate.shared.clickhouse.ClickHouseMigrator;
import io.smallrye.common.annotation.Identifier;
import jakarta.inject.Singleton;

/** The aggregator's partitions resume from the offsets stored with the windows. */
@Singleton
@Identifier(AggregatorRebalanceListener.NAME)
public class AggregatorRebalanceListener extends ResumeFromStoredOffsets {

    public static final String NAME = "tollgate-stored-offsets";

    AggregatorRebalanceListener(UsageAggregator aggregator, WindowStore store, ClickHouseMigrator schema) {
        super("aggregator", aggregator.folder(), store, schema);
    }
}
