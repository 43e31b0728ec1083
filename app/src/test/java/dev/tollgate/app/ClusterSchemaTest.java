package dev.tollgate.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tollgate.ingest.store.IngestClickHouseSchema;
import dev.tollgate.meters.clickhouse.MetersClickHouseSchema;
import dev.tollgate.shared.clickhouse.ClickHouseMigration;
import dev.tollgate.shared.clickhouse.ClusterDdl;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The whole ClickHouse schema as created for a cluster (tollgate.clickhouse.cluster): every schema statement of every
 * migration runs ON CLUSTER, every MergeTree-family table is Replicated, each under a ZooKeeper path of its own.
 */
class ClusterSchemaTest {

    private static final Pattern DDL = Pattern.compile("\\A(?:\\s*--[^\\n]*\\n)*\\s*(CREATE|ALTER|DROP)\\b",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern PLAIN_ENGINE = Pattern.compile("ENGINE\\s*=\\s*(?!Replicated)\\w*MergeTree",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern REPLICA_PATH = Pattern.compile("Replicated\\w*MergeTree\\('([^']+)', '\\{replica\\}'");

    private final ClusterDdl ddl = new ClusterDdl(Optional.of("tollgate"),
            "/clickhouse/tables/{shard}/{database}/{table}");

    @Test
    void everySchemaStatementRunsOnTheClusterWithReplicatedTables() {
        List<String> rewritten = new ArrayList<>();
        Stream.of(new IngestClickHouseSchema(), new MetersClickHouseSchema())
                .flatMap(schema -> schema.migrations().stream())
                .map(migration -> migration.statements("tollgate"))
                .flatMap(List::stream)
                .map(ddl::rewrite)
                .forEach(rewritten::add);

        assertThat(rewritten).isNotEmpty();
        List<String> schemaStatements = rewritten.stream().filter(s -> DDL.matcher(s).find()).toList();
        assertThat(schemaStatements).allSatisfy(s -> assertThat(s).contains(" ON CLUSTER `tollgate`"));
        assertThat(rewritten).noneMatch(s -> PLAIN_ENGINE.matcher(s).find());

        Set<String> paths = new HashSet<>();
        for (String statement : rewritten) {
            Matcher path = REPLICA_PATH.matcher(statement);
            while (path.find()) {
                assertThat(paths.add(path.group(1))).as("replica path %s used once", path.group(1)).isTrue();
            }
        }
        assertThat(paths).contains("/clickhouse/tables/{shard}/tollgate/events",
                "/clickhouse/tables/{shard}/tollgate/meter_windows_agg",
                "/clickhouse/tables/{shard}/tollgate/event_keys");
    }

    @Test
    void withoutAClusterTheSchemaIsAsWritten() {
        ClusterDdl single = new ClusterDdl(Optional.empty(), "/unused");
        for (ClickHouseMigration migration : new MetersClickHouseSchema().migrations()) {
            for (String statement : migration.statements("tollgate")) {
                assertThat(single.rewrite(statement)).isEqualTo(statement);
            }
        }
    }
}
