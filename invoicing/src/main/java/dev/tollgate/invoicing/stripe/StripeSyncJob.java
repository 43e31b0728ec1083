package dev.tollgate.invoicing.stripe;

import dev.tollgate.shared.lifecycle.AwaitedOnShutdown;
import dev.tollgate.shared.roles.Roles;
import io.quarkus.scheduler.Scheduled.ConcurrentExecution;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

/** Syncs issued invoices to Stripe on a schedule in every process ({@code tollgate.stripe.sync-every}). */
@ApplicationScoped
public class StripeSyncJob {

    private static final Logger LOG = Logger.getLogger(StripeSyncJob.class);

    private final StripeInvoiceSyncer syncer;

    StripeSyncJob(StripeInvoiceSyncer syncer) {
        this.syncer = syncer;
    }

    @AwaitedOnShutdown
    @Scheduled(identity = "stripe-sync", every = "${tollgate.stripe.sync-every:5s}", delayed = "5s",
            concurrentExecution = ConcurrentExecution.SKIP, skipExecutionIf = Roles.NotWorker.class)
    void scheduled() {
        try {
            syncer.syncDue();
        } catch (RuntimeException e) {
            LOG.errorf(e, "Stripe sync failed; the next one picks up where it stopped");
        }
    }
}
