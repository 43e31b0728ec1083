package dev.tollgate.app.it;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;
import org.apache.zookeeper.server.ServerCnxnFactory;
import org.apache.zookeeper.server.ZooKeeperServer;

/**
 * A one-node ClickHouse cluster of its own: a ZooKeeper in this JVM and a second clickhouse-server (the stack's
 * binary, its own ports and data directory) whose {@code remote_servers} name it as the one replica of the one shard
 * of cluster {@code tollgate}. ClickHouse 18.16 needs ZooKeeper for Replicated tables and for ON CLUSTER DDL, which
 * goes through its distributed DDL queue, so this is the real path a clustered deployment takes.
 */
final class ClickHouseClusterNode implements AutoCloseable {

    static final String CLUSTER = "tollgate";

    private final Path dir;
    private final ZooKeeperServer zooKeeper;
    private final ServerCnxnFactory zooKeeperConnections;
    private final int httpPort;
    private final Process server;

    private ClickHouseClusterNode(Path dir, ZooKeeperServer zooKeeper, ServerCnxnFactory zooKeeperConnections,
            int httpPort, Process server) {
        this.dir = dir;
        this.zooKeeper = zooKeeper;
        this.zooKeeperConnections = zooKeeperConnections;
        this.httpPort = httpPort;
        this.server = server;
    }

    static ClickHouseClusterNode start() throws Exception {
        Path dir = Files.createTempDirectory("tollgate-ch-cluster-");
        Path zkData = Files.createDirectories(dir.resolve("zookeeper"));
        ZooKeeperServer zooKeeper = new ZooKeeperServer(zkData.toFile(), zkData.toFile(), 2_000);
        ServerCnxnFactory connections = ServerCnxnFactory.createFactory(
                new InetSocketAddress("127.0.0.1", CrashRecoveryIT.freePort()), 64);
        connections.startup(zooKeeper);
        int zkPort = connections.getLocalPort();
        int httpPort = CrashRecoveryIT.freePort();
        int tcpPort = CrashRecoveryIT.freePort();
        Path config = writeConfig(dir, zkPort, httpPort, tcpPort);
        Process server = new ProcessBuilder("clickhouse-server", "--config-file=" + config).redirectErrorStream(true)
                .redirectOutput(dir.resolve("stdout.log").toFile()).start();
        ClickHouseClusterNode node = new ClickHouseClusterNode(dir, zooKeeper, connections, httpPort, server);
        node.awaitReady(Duration.ofSeconds(60));
        return node;
    }

    String url() {
        return "http://127.0.0.1:" + httpPort;
    }

    /** The first value of the first row a query answers, as text. */
    String query(String sql) throws IOException, InterruptedException {
        return AppProcess.clickHouseAnswer(url() + "/", sql);
    }

    long number(String sql) throws IOException, InterruptedException {
        return Long.parseLong(query(sql));
    }

    private void awaitReady(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!server.isAlive()) {
                throw new IllegalStateException("clickhouse-server exited; see " + dir);
            }
            try {
                if ("1".equals(query("SELECT count() FROM system.clusters WHERE cluster = '" + CLUSTER + "'"))) {
                    return;
                }
            } catch (IOException | RuntimeException notYet) {
                // still starting
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException("clickhouse-server did not start within " + timeout + "; see " + dir);
    }

    /**
     * Settings 18.16 knows. The node's own address in remote_servers is how it finds itself in ON CLUSTER tasks;
     * without an interserver port a replica never becomes active (no leader, and TRUNCATE or DROP PARTITION find no
     * replica).
     */
    private static Path writeConfig(Path dir, int zkPort, int httpPort, int tcpPort) throws IOException {
        for (String sub : new String[] {"data", "tmp", "user_files", "format_schemas", "log"}) {
            Files.createDirectories(dir.resolve(sub));
        }
        Path users = dir.resolve("users.xml");
        Files.writeString(users, """
                <?xml version="1.0"?>
                <yandex>
                    <profiles><default><max_memory_usage>1000000000</max_memory_usage></default></profiles>
                    <users><default><password></password><networks><ip>127.0.0.1</ip></networks>
                        <profile>default</profile><quota>default</quota></default></users>
                    <quotas><default><interval><duration>3600</duration><queries>0</queries><errors>0</errors>
                        <result_rows>0</result_rows><read_rows>0</read_rows><execution_time>0</execution_time>
                    </interval></default></quotas>
                </yandex>
                """);
        Path config = dir.resolve("config.xml");
        Files.writeString(config, """
                <?xml version="1.0"?>
                <yandex>
                    <logger><level>information</level><log>%1$s/log/server.log</log>
                        <errorlog>%1$s/log/server.err.log</errorlog><size>20M</size><count>2</count></logger>
                    <listen_host>127.0.0.1</listen_host>
                    <http_port>%2$d</http_port>
                    <tcp_port>%3$d</tcp_port>
                    <interserver_http_port>%7$d</interserver_http_port>
                    <interserver_http_host>127.0.0.1</interserver_http_host>
                    <path>%1$s/data/</path>
                    <tmp_path>%1$s/tmp/</tmp_path>
                    <user_files_path>%1$s/user_files/</user_files_path>
                    <format_schema_path>%1$s/format_schemas/</format_schema_path>
                    <users_config>%4$s</users_config>
                    <default_profile>default</default_profile>
                    <default_database>default</default_database>
                    <timezone>UTC</timezone>
                    <mark_cache_size>67108864</mark_cache_size>
                    <mlock_executable>false</mlock_executable>
                    <zookeeper><node><host>127.0.0.1</host><port>%5$d</port></node></zookeeper>
                    <remote_servers><%6$s><shard><internal_replication>true</internal_replication>
                        <replica><host>127.0.0.1</host><port>%3$d</port></replica></shard></%6$s></remote_servers>
                    <macros><shard>01</shard><replica>node-1</replica></macros>
                    <distributed_ddl><path>/clickhouse/task_queue/ddl</path></distributed_ddl>
                    <max_table_size_to_drop>0</max_table_size_to_drop>
                </yandex>
                """.formatted(dir, httpPort, tcpPort, users, zkPort, CLUSTER, CrashRecoveryIT.freePort()));
        return config;
    }

    @Override
    public void close() throws Exception {
        server.destroy();
        if (!server.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
            server.destroyForcibly().waitFor();
        }
        zooKeeperConnections.shutdown();
        zooKeeper.shutdown();
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
