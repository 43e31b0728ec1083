package dev.tollgate.entitlements.access;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;

/** The gateway access check and the in-memory view it answers from (docs/entitlements.md, docs/configuration.md). */
@ConfigMapping(prefix = "tollgate.access")
public interface AccessConfig {

    /**
     * How often each process looks, per meter, for subjects whose usage was written since its last look, and reads
     * their usage again: the main part of the check's freshness.
     */
    @WithDefault("500ms")
    Duration usagePollEvery();

    /**
     * How often each process looks for customers, entitlements and grants changed by any process, and for
     * entitlements that pass a reset, an expiry or a start.
     */
    @WithDefault("1s")
    Duration changePollEvery();

    /**
     * How often the whole view is rebuilt from PostgreSQL and ClickHouse at a new checkpoint: a safety net, since the
     * polls above keep it current. A rebuild reads every entitlement, so it is kept rare.
     */
    @WithDefault("10m")
    Duration rebuildEvery();

    /** What a subject no customer holds gets: {@code deny} (403, the default) or {@code allow} (200). */
    @WithDefault("deny")
    UnknownSubject unknownSubject();

    /** Request headers that may name the subject, first match wins, when there is no {@code subject} parameter. */
    @WithDefault("X-Tollgate-Subject,X-Consumer-Username,X-Consumer-Custom-ID")
    List<String> subjectHeaders();

    /** The request header that may name the feature, when there is no {@code feature} parameter. */
    @WithDefault("X-Tollgate-Feature")
    String featureHeader();

    enum UnknownSubject {
        DENY, ALLOW
    }
}
