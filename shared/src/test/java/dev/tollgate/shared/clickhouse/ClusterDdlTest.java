package dev.tollgate.shared.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class ClusterDdlTest {

    private final ClusterDdl cluster = new ClusterDdl(Optional.of("billing"),
            "/clickhouse/tables/{shard}/{database}/{table}");

    @Test
    void withoutAClusterTheStatementIsLeftAsWritten() {
        String statement = "CREATE TABLE IF NOT EXISTS `db`.t (a String) ENGINE = MergeTree ORDER BY a";

        assertThat(new ClusterDdl(Optional.empty(), "/x").rewrite(statement)).isEqualTo(statement);
        assertThat(new ClusterDdl(Optional.of(" "), "/x").clustered()).isFalse();
    }

    @Test
    void aTableIsCreatedOnTheClusterWithItsReplicatedEngine() {
        assertThat(cluster.rewrite("-- why\n-- and more\nCREATE TABLE IF NOT EXISTS `tollgate`.events\n(\n    id String\n)"
                + "\nENGINE = ReplacingMergeTree\nPARTITION BY toYYYYMM(t)\nORDER BY (id)"))
                .isEqualTo("-- why\n-- and more\nCREATE TABLE IF NOT EXISTS `tollgate`.events ON CLUSTER `billing`\n(\n"
                        + "    id String\n)\nENGINE = ReplicatedReplacingMergeTree("
                        + "'/clickhouse/tables/{shard}/tollgate/events', '{replica}')\nPARTITION BY toYYYYMM(t)\n"
                        + "ORDER BY (id)");
    }

    @Test
    void engineArgumentsFollowTheReplicaPathAndReplica() {
        assertThat(cluster.rewrite("CREATE TABLE db.t (a UInt8, v UInt64) ENGINE = ReplacingMergeTree(v) ORDER BY a"))
                .contains("ENGINE = ReplicatedReplacingMergeTree('/clickhouse/tables/{shard}/db/t', '{replica}', v)");
        assertThat(cluster.rewrite("CREATE TABLE db.t (a UInt8) ENGINE = MergeTree() ORDER BY a"))
                .contains("ENGINE = ReplicatedMergeTree('/clickhouse/tables/{shard}/db/t', '{replica}')");
        assertThat(cluster.rewrite("CREATE TABLE db.t (a UInt8) ENGINE = AggregatingMergeTree ORDER BY a"))
                .contains("ENGINE = ReplicatedAggregatingMergeTree('/clickhouse/tables/{shard}/db/t', '{replica}')");
    }

    @Test
    void tablesOfOtherEnginesAndViewsAreCreatedOnTheClusterAsTheyAre() {
        assertThat(cluster.rewrite("CREATE TABLE IF NOT EXISTS db.input (a UInt8) ENGINE = Null"))
                .isEqualTo("CREATE TABLE IF NOT EXISTS db.input ON CLUSTER `billing` (a UInt8) ENGINE = Null");
        assertThat(cluster.rewrite("CREATE MATERIALIZED VIEW IF NOT EXISTS db.v TO db.t AS SELECT a FROM db.input"))
                .isEqualTo("CREATE MATERIALIZED VIEW IF NOT EXISTS db.v ON CLUSTER `billing` TO db.t AS SELECT a"
                        + " FROM db.input");
        assertThat(cluster.rewrite("CREATE DATABASE IF NOT EXISTS `tollgate`"))
                .isEqualTo("CREATE DATABASE IF NOT EXISTS `tollgate` ON CLUSTER `billing`");
    }

    @Test
    void changesAndDropsRunOnTheCluster() {
        assertThat(cluster.rewrite("ALTER TABLE db.events ADD COLUMN set_aside UInt8 DEFAULT 0"))
                .isEqualTo("ALTER TABLE db.events ON CLUSTER `billing` ADD COLUMN set_aside UInt8 DEFAULT 0");
        assertThat(cluster.rewrite("DROP TABLE IF EXISTS db.rollup"))
                .isEqualTo("DROP TABLE IF EXISTS db.rollup ON CLUSTER `billing`");
    }

    @Test
    void dataStatementsAreLeftAsWritten() {
        String insert = "INSERT INTO db.t SELECT * FROM db.s";

        assertThat(cluster.rewrite(insert)).isEqualTo(insert);
    }
}
