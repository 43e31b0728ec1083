package dev.tollgate.app.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Tollgate on a real (one-node) ClickHouse cluster, with {@code tollgate.clickhouse.cluster} set: every migration runs
 * through the distributed DDL queue in ZooKeeper, every MergeTree-family table is Replicated and writable, and the
 * app works on that schema end to end (events counted by meters and archived, a second start finds the schema in
 * place). ClusterSchemaTest checks the DDL's text; this runs it.
 */
class ClusteredClickHouseIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int BATCHES = 8;
    private static final int PER_BATCH = ThreeInstancesIT.PER_BATCH;

    @Test
    void tollgateRunsOnAClusterWithReplicatedTables() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String database = "tollgate_cluster_it";
        Path log = Files.createTempFile("tollgate-cluster-it-", ".log");
        try (ClickHouseClusterNode node = ClickHouseClusterNode.start()) {
            Map<String, String> settings = Map.of(
                    "tollgate.clickhouse.url", node.url(),
                    "tollgate.clickhouse.database", database,
                    "tollgate.clickhouse.cluster", ClickHouseClusterNode.CLUSTER,
                    "tollgate.ingest.topic", "it-cluster-" + run,
                    "tollgate.aggregator.group-id", "it-cluster-" + run);
            String subject = "it-cluster-" + run;
            try (AppProcess app = new AppProcess(CrashRecoveryIT.freePort(), settings, log).start()) {
                Instant time = app.now().truncatedTo(ChronoUnit.MINUTES);
                for (int i = 0; i < BATCHES; i++) {
                    BillingRunIT.postEvents(app, ThreeInstancesIT.batch(subject, time, i));
                }
                app.awaitAggregator(CrashRecoveryIT.PARTITIONS);
                assertThat(CrashRecoveryIT.count(app, subject))
                        .isEqualByComparingTo(BigDecimal.valueOf((long) BATCHES * PER_BATCH));
                await().atMost(Duration.ofSeconds(60)).until(() -> node.number("SELECT count() FROM " + database
                        + ".events WHERE subject = '" + subject + "'") == (long) BATCHES * PER_BATCH);
                assertThat(JSON.readTree(app.getBody("/api/v1/events?subject=" + subject + "&limit=5")))
                        .hasSize(5);
            }

            String tables = "FROM system.tables WHERE database = '" + database + "' AND engine LIKE '%MergeTree'";
            assertThat(node.number("SELECT count() " + tables + " AND engine NOT LIKE 'Replicated%'")).isZero();
            assertThat(node.number("SELECT count() " + tables)).isGreaterThanOrEqualTo(5);
            assertThat(node.number("SELECT count() FROM system.replicas WHERE database = '" + database
                    + "' AND is_readonly = 0")).isEqualTo(node.number("SELECT count() " + tables));
            // The schema went through the cluster's DDL queue, not straight to the server.
            assertThat(node.number("SELECT count() FROM system.zookeeper WHERE path = '/clickhouse/task_queue/ddl'"))
                    .isGreaterThanOrEqualTo(10);

            // A second start (a new pod) finds every migration applied and goes on counting.
            try (AppProcess again = new AppProcess(CrashRecoveryIT.freePort(), settings, log).start()) {
                Instant later = again.now().truncatedTo(ChronoUnit.MINUTES);
                BillingRunIT.postEvents(again, ThreeInstancesIT.batch(subject, later, BATCHES));
                again.awaitAggregator(CrashRecoveryIT.PARTITIONS);
                assertThat(CrashRecoveryIT.count(again, subject))
                        .isEqualByComparingTo(BigDecimal.valueOf((long) (BATCHES + 1) * PER_BATCH));
            }
        }
    }
}
