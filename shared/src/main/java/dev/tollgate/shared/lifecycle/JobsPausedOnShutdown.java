package dev.tollgate.shared.lifecycle;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduler;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Pauses every scheduled job as soon as the process begins to shut down, and waits (for
 * {@code tollgate.shutdown.jobs-patience}) for the ones running to finish. Quarkus stops its scheduler only when the
 * scheduler's bean is destroyed, after Hibernate has closed; until then the jobs that fire every second or two ran
 * against a closed EntityManagerFactory and logged a warning or an error each on every clean stop, and a billing run
 * in flight failed half-way.
 */
@ApplicationScoped
public class JobsPausedOnShutdown {

    private static final Logger LOG = Logger.getLogger(JobsPausedOnShutdown.class);

    void pause(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE) ShutdownEvent stopping, Scheduler scheduler,
            RunningJobs jobs, ShutdownConfig config) throws InterruptedException {
        if (scheduler.isRunning()) {
            scheduler.pause();
        }
        List<String> running = jobs.now();
        long started = System.nanoTime();
        List<String> left = jobs.stopAndAwait(config.jobsPatience());
        if (running.isEmpty()) {
            return;
        }
        if (left.isEmpty()) {
            LOG.infof("waited %d ms for %s to finish before stopping", (System.nanoTime() - started) / 1_000_000,
                    running);
        } else {
            LOG.warnf("stopping with %s still running after %s; each picks up where it stopped on its next run",
                    left, config.jobsPatience());
        }
    }
}
