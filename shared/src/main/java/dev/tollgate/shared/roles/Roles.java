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

    /** Skips a worker's job in a process that is not a worker. */
    @Singleton
    public static class NotWorker implements Scheduled.SkipPredicate {
        private final Roles roles;

        NotWorker(Roles roles) {
            this.roles = roles;
        }

        @Override
        public boolean test(ScheduledExecution execution) {
            return !roles.runs(Role.WORKER);
        }
    }

    /** Skips an aggregator's job (backfills) in a process that does not aggregate. */
    @Singleton
    public static class NotAggregator implements Scheduled.SkipPredicate {
        private final Roles roles;

        NotAggregator(Roles roles) {
            this.roles = roles;
        }

        @Override
        public boolean test(ScheduledExecution execution) {
            return !roles.runs(Role.AGGREGATOR);
        }
    }

    /** Skips an archiver's job (raw event retention) in a process that does not archive. */
    @Singleton
    public static class NotArchiver implements Scheduled.SkipPredicate {
        private final Roles roles;

        NotArchiver(Roles roles) {
            this.roles = roles;
        }

        @Override
        public boolean test(ScheduledExecution execution) {
            return !roles.runs(Role.ARCHIVER);
        }
    }

    /** Skips the access view's jobs in a process that neither answers entitlement checks nor watches thresholds. */
    @Singleton
    public static class NeitherApiNorWorker implements Scheduled.SkipPredicate {
        private final Roles roles;

        NeitherApiNorWorker(Roles roles) {
            this.roles = roles;
        }

        @Override
        public boolean test(ScheduledExecution execution) {
            return !roles.runsAny(Role.API, Role.WORKER);
        }
    }

    /** Skips the upkeep of the topic readers' stores (event key retention) in a process that does not read the topic. */
    @Singleton
    public static class NeitherAggregatorNorArchiver implements Scheduled.SkipPredicate {
        private final Roles roles;

        NeitherAggregatorNorArchiver(Roles roles) {
            this.roles = roles;
        }

        @Override
        public boolean test(ScheduledExecution execution) {
            return !roles.runsAny(Role.AGGREGATOR, Role.ARCHIVER);
        }
    }
}
