package dev.tollgate.notifications.service;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** How notifications are decided and sent (docs/notifications.md, docs/configuration.md). */
@ConfigMapping(prefix = "tollgate.notifications.outbox")
public interface NotificationConfig {

    /** Whether this process sends deliveries; events are still decided and written when it does not. */
    @WithDefault("true")
    boolean send();

    /** How often the sender looks for due deliveries when nothing woke it (a commit in this process wakes it). */
    @WithDefault("1s")
    Duration pollEvery();

    /** Deliveries sent at once by this process: slow receivers hold a sender each, up to the request timeout. */
    @WithDefault("8")
    int senders();

    /** How long past the request timeout a claimed delivery stays with its sender before another may take it. */
    @WithDefault("30s")
    Duration leaseMargin();

    /** How often invoice status changes are turned into notification events. */
    @WithDefault("1s")
    String invoicePollEvery();

    /** How often the rules the in-memory threshold watcher matches against are read again. */
    @WithDefault("2s")
    String ruleRefreshEvery();
}
