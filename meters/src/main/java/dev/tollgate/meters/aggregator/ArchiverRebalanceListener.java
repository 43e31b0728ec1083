package dev.tollgate.meters.aggregator;

import dev.tollgate.shared.clickhouse.ClickHouseMigrator;
import io.smallrye.common.annotation.Identifier;
import jakarta.inject.Singleton;

/** The archiver's partitions resume from the offsets stored after the archived records. */
@Singleton
@Identifier(ArchiverRebalanceListener.NAME)
public class ArchiverRebalanceListener extends ResumeFromStoredOffsets {

    public static final String NAME = "tollgate-archive-offsets";

    ArchiverRebalanceListener(EventArchiver archiver, EventArchive archive, ClickHouseMigrator schema) {
        super("archive", archiver.folder(), archive, schema);
    }
}
