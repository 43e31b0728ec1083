package dev.tollgate.shared.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class RunningJobsTest {

    private final RunningJobs jobs = new RunningJobs();

    @Test
    void nothingRunningStopsAtOnce() throws Exception {
        assertThat(jobs.stopAndAwait(Duration.ofHours(1))).isEmpty();
    }

    @Test
    void theStopWaitsUntilTheLastRunningJobExits() throws Exception {
        assertThat(jobs.enter("Billing.run")).isTrue();
        assertThat(jobs.enter("Billing.run")).isTrue();
        assertThat(jobs.enter("Sync.run")).isTrue();
        jobs.exit("Billing.run");
        assertThat(jobs.now()).containsExactlyInAnyOrder("Billing.run", "Sync.run");

        CompletableFuture<List<String>> stop = CompletableFuture.supplyAsync(this::stopWithinAnHour);
        jobs.exit("Sync.run");
        assertThat(stop).isNotDone();
        jobs.exit("Billing.run");
        assertThat(stop.get(10, TimeUnit.SECONDS)).isEmpty();
    }

    @Test
    void patienceRunsOutWithTheNamesOfTheJobsStillRunning() throws Exception {
        jobs.enter("Billing.run");
        jobs.enter("Sync.run");
        jobs.exit("Sync.run");
        assertThat(jobs.stopAndAwait(Duration.ofMillis(50))).containsExactly("Billing.run");
    }

    @Test
    void noJobStartsOnceTheStopHasBegun() throws Exception {
        jobs.stopAndAwait(Duration.ZERO);
        assertThat(jobs.enter("Sync.run")).isFalse();
        assertThat(jobs.now()).isEmpty();
    }

    private List<String> stopWithinAnHour() {
        try {
            return jobs.stopAndAwait(Duration.ofHours(1));
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }
}
