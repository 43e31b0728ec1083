package dev.tollgate.invoicing.service;

import dev.tollgate.shared.lifecycle.AwaitedOnShutdown;
import dev.tollgate.shared.roles.Roles;
import io.quarkus.scheduler.Scheduled.ConcurrentExecution;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

/**
 * Runs the billing run on a schedule in every process ({@code tollgate.billing.run-every}); runs in several processes
 * at once are safe (see {@link InvoiceRun}).
 */
@ApplicationScoped
public class BillingJob {

    private static final Logger LOG = Logger.getLogger(BillingJob.class);

    private final InvoiceRun run;

    BillingJob(InvoiceRun run) {
        this.run = run;
    }

    @AwaitedOnShutdown
    @Scheduled(identity = "billing-run", every = "${tollgate.billing.run-every:1m}", delayed = "10s",
            concurrentExecution = ConcurrentExecution.SKIP, skipExecutionIf = Roles.NotWorker.class)
    void scheduled() {
        try {
            run.run(null);
        } catch (RuntimeException e) {
            LOG.errorf(e, "billing run failed; the next one picks up where it stopped");
        }
    }
}
