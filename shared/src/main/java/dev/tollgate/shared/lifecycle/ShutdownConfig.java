package dev.tollgate.shared.lifecycle;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

@ConfigMapping(prefix = "tollgate.shutdown")
public interface ShutdownConfig {

    /**
     * How long a stopping process waits for its running scheduled jobs (a billing run, Stripe sync, a notification
     * delivery) to finish before it closes their database and clients. A job cut off then fails, logs it, and the next
     * run picks up where it stopped. Keep it, plus the aggregator's flush, within the pod's
     * terminationGracePeriodSeconds.
     */
    @WithDefault("15s")
    Duration jobsPatience();
}
