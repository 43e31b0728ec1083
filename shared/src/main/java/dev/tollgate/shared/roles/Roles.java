package dev.tollgate.shared.roles;

import io.quarkus.scheduler.Scheduled;
import io.quarkus.scheduler.ScheduledExecution;
import jakarta.inject.Singleton;
import java.util.EnumSet;
import java.util.Set;

/**
 * The roles this process runs. Scheduled jobs of a role skip themselves elsewhere with the predicates below, so that a
 * process runs only its roles' jobs; each job is also safe to run in several processes of its role at once.
 */
@Singleton
public class Roles {

    private final Set<Role> roles;

    Roles(ProcessConfig config) {
        this.roles = config.roles().isEmpty() ? EnumSet.noneOf(Role.class) : EnumSet.copyOf(config.roles());
    }

    public boolean runs(Role role) {
        return roles.contains(role);
    }

    public boolean runsAny(Role... any) {
        for (Role role : any) {
            if (roles.contains(role)) {
                return true;
            }
        }
        return false;
    }

    public Set<Role> all() {
        return Set.copyOf(roles);
    }

    /** Skips a scheduled job in a process that runs none of the given roles. */
    abstract static class SkipUnless implements Scheduled.SkipPredicate {
        private final Roles roles;
        private final Role[] any;

        SkipUnless(Roles roles, Role... any) {
            this.roles = roles;
            this.any = any;
        }

        @Override
        public boolean test(ScheduledExecution execution) {
            return !roles.runsAny(any);
        }
    }

    /** Skips a worker's job in a process that is not a worker. */
    @Singleton
    public static class NotWorker extends SkipUnless {
        NotWorker(Roles roles) {
            super(roles, Role.WORKER);
        }
    }

    /** Skips an aggregator's job (backfills, window retention) in a process that does not aggregate. */
    @Singleton
    public static class NotAggregator extends SkipUnless {
        NotAggregator(Roles roles) {
            super(roles, Role.AGGREGATOR);
        }
    }

    /** Skips an archiver's job (raw event retention) in a process that does not archive. */
    @Singleton
    public static class NotArchiver extends SkipUnless {
        NotArchiver(Roles roles) {
            super(roles, Role.ARCHIVER);
        }
    }

    /** Skips the access view's jobs in a process that neither answers entitlement checks nor watches thresholds. */
    @Singleton
    public static class NeitherApiNorWorker extends SkipUnless {
        NeitherApiNorWorker(Roles roles) {
            super(roles, Role.API, Role.WORKER);
        }
    }

    /** Skips the upkeep of event keys (their retention) in a process that neither aggregates nor archives. */
    @Singleton
    public static class NeitherAggregatorNorArchiver extends SkipUnless {
        NeitherAggregatorNorArchiver(Roles roles) {
            super(roles, Role.AGGREGATOR, Role.ARCHIVER);
        }
    }
}
