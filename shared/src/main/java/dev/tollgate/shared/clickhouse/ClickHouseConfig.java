package dev.tollgate.shared.clickhouse;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * How to reach ClickHouse. The defaults suit ClickHouse 18.16 (text formats, no HTTP compression); a modern server can
 * turn compression on and pass any client-v2 option through {@link #options()}.
 */
@ConfigMapping(prefix = "tollgate.clickhouse")
public interface ClickHouseConfig {

    @WithDefault("http://127.0.0.1:18123")
    String url();

    @WithDefault("default")
    String username();

    Optional<String> password();

    /** Created at start-up if missing. */
    @WithDefault("tollgate")
    String database();

    @WithDefault("5s")
    Duration connectTimeout();

    @WithDefault("60s")
    Duration socketTimeout();

    /** Ask the server to compress answers (not understood by 18.16 through client-v2). */
    @WithDefault("false")
    boolean compressServerResponse();

    /** Let the client compress requests itself (not understood by 18.16 through client-v2). */
    @WithDefault("false")
    boolean compressClientRequest();

    @WithDefault("false")
    boolean useHttpCompression();

    /**
     * The deflate level of insert bodies, 0 (stored, no compression) to 9. Inserts are always sent as one gzip member,
     * whose trailer makes the server refuse a body cut short; the level trades CPU for bytes and heap. At 0 the
     * archive's inserts cost a sixth of the CPU they cost at 1, but a body is built whole in memory and is then nine
     * times larger: with the archiver's 32 MB batches that ran a 512 MB heap out of memory (docs/performance.md).
     */
    @WithDefault("1")
    @WithName("insert-compression-level")
    int insertCompressionLevel();

    /**
     * The cluster (a name in the servers' {@code remote_servers}) the schema is created on, {@code ON CLUSTER} and with
     * Replicated engines; unset for a single server. See docs/operations.md, "High availability".
     */
    Optional<String> cluster();

    /**
     * Where a table's replicas meet in ZooKeeper when {@code cluster} is set; {@code {database}} and {@code {table}}
     * are filled in by Tollgate, the servers' macros ({@code {shard}}) by ClickHouse.
     */
    @WithDefault("/clickhouse/tables/{shard}/{database}/{table}")
    String replicaPath();

    /** Extra client-v2 options, passed through as they are. */
    Map<String, String> options();
}
