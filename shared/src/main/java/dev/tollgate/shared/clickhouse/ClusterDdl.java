package dev.tollgate.shared.clickhouse;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Rewrites the schema's DDL for a ClickHouse cluster: every CREATE, ALTER and DROP runs {@code ON CLUSTER}, and every
 * MergeTree-family engine becomes its Replicated form, its replica path naming the database and table. Tables stay
 * unsharded (one shard, any number of replicas): every replica holds all data, so reads need no Distributed table.
 * Without a cluster the DDL is left as written. Works on ClickHouse 18.16 (which needs ZooKeeper for both) and on
 * current releases.
 */
public final class ClusterDdl {

    private static final Pattern LEADING_COMMENTS = Pattern.compile("\\A(\\s*(?:--[^\\n]*\\n\\s*)*)", Pattern.DOTALL);
    private static final Pattern CREATE = Pattern.compile(
            "\\A(CREATE\\s+(?:TABLE|MATERIALIZED\\s+VIEW|VIEW|DATABASE)\\s+(?:IF\\s+NOT\\s+EXISTS\\s+)?)([^\\s(]+)",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern ALTER_OR_DROP = Pattern.compile(
            "\\A((?:ALTER\\s+TABLE|DROP\\s+(?:TABLE|VIEW|DATABASE)(?:\\s+IF\\s+EXISTS)?)\\s+)([^\\s(]+)",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern ENGINE = Pattern.compile(
            "ENGINE\\s*=\\s*(Replacing|Aggregating|Summing|Collapsing|VersionedCollapsing)?MergeTree(?:\\s*\\(([^)]*)\\))?",
            Pattern.CASE_INSENSITIVE);

    private final Optional<String> cluster;
    private final String replicaPath;

    /**
     * @param cluster the cluster's name in the servers' {@code remote_servers}, or empty for a single server
     * @param replicaPath the ZooKeeper path of a table's replicas, with {@code {database}} and {@code {table}} filled
     *     in here and the servers' macros ({@code {shard}}, {@code {replica}}) filled in by ClickHouse
     */
    public ClusterDdl(Optional<String> cluster, String replicaPath) {
        this.cluster = cluster.filter(c -> !c.isBlank());
        this.replicaPath = replicaPath;
    }

    public boolean clustered() {
        return cluster.isPresent();
    }

    /** The statement as it runs on this deployment. */
    public String rewrite(String statement) {
        if (cluster.isEmpty()) {
            return statement;
        }
        Matcher comments = LEADING_COMMENTS.matcher(statement);
        int start = comments.find() ? comments.end() : 0;
        String head = statement.substring(0, start);
        String body = statement.substring(start);
        String onCluster = " ON CLUSTER " + Sql.identifier(cluster.get());
        Matcher create = CREATE.matcher(body);
        if (create.find()) {
            String name = create.group(2);
            String rewritten = create.group(1) + name + onCluster + body.substring(create.end());
            return head + replicated(rewritten, name);
        }
        Matcher alterOrDrop = ALTER_OR_DROP.matcher(body);
        if (alterOrDrop.find()) {
            return head + alterOrDrop.group(1) + alterOrDrop.group(2) + onCluster + body.substring(alterOrDrop.end());
        }
        return statement;
    }

    private String replicated(String statement, String qualifiedName) {
        Matcher engine = ENGINE.matcher(statement);
        if (!engine.find()) {
            return statement;
        }
        String path = replicaPath.replace("{database}", unquoted(databaseOf(qualifiedName)))
                .replace("{table}", unquoted(tableOf(qualifiedName)));
        String arguments = Sql.string(path) + ", '{replica}'"
                + (engine.group(2) == null || engine.group(2).isBlank() ? "" : ", " + engine.group(2).trim());
        String family = engine.group(1) == null ? "" : engine.group(1);
        return statement.substring(0, engine.start()) + "ENGINE = Replicated" + family + "MergeTree(" + arguments + ")"
                + statement.substring(engine.end());
    }

    private static String databaseOf(String qualifiedName) {
        int dot = qualifiedName.lastIndexOf('.');
        return dot < 0 ? "" : qualifiedName.substring(0, dot);
    }

    private static String tableOf(String qualifiedName) {
        return qualifiedName.substring(qualifiedName.lastIndexOf('.') + 1);
    }

    private static String unquoted(String identifier) {
        return identifier.replace("`", "").replace("\"", "");
    }
}
