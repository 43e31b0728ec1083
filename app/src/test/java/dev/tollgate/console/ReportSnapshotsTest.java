package dev.tollgate.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.IntNode;
import dev.tollgate.shared.time.MovableClock;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** Report snapshots: young ones shown as they are, old ones refreshed behind the page, too old ones never shown. */
class ReportSnapshotsTest {

    private static final String PATH = "/api/v1/reports/showback?from=2026-01-01T00:00:00Z";

    private final MovableClock clock = new MovableClock(Clock.systemUTC());
    private final ReportSnapshots snapshots = new ReportSnapshots(Duration.ofSeconds(60), Duration.ofMinutes(10),
            100, clock);
    private final AtomicInteger asked = new AtomicInteger();
    private volatile int status = 200;
    /** The API: each answer carries how many times it was asked. */
    private final Function<String, CompletableFuture<ApiAnswer>> api = path -> CompletableFuture.completedFuture(
            new ApiAnswer(path, status, IntNode.valueOf(asked.incrementAndGet()), "", "application/json"));

    ReportSnapshotsTest() {
        clock.setTo(Instant.parse("2026-03-01T10:00:00Z"));
    }

    @Test
    void aYoungSnapshotIsShownAsItIsWithItsTime() {
        ApiAnswer first = snapshots.get("key-1", PATH, api).join();
        clock.advance(Duration.ofSeconds(59));
        ApiAnswer again = snapshots.get("key-1", PATH, api).join();
        assertThat(again.json().asInt()).isEqualTo(1);
        assertThat(asked).hasValue(1);
        assertThat(first.snapshotAt()).isBetween(Instant.parse("2026-03-01T10:00:00Z"),
                Instant.parse("2026-03-01T10:00:01Z"));
        assertThat(again.snapshotAt()).isEqualTo(first.snapshotAt());
    }

    @Test
    void anAgedSnapshotIsShownOnceMoreWhileAFreshOneIsAskedFor() {
        snapshots.get("key-1", PATH, api).join();
        clock.advance(Duration.ofSeconds(61));
        assertThat(snapshots.get("key-1", PATH, api).join().json().asInt()).as("the aged one, at once").isEqualTo(1);
        ApiAnswer fresh = snapshots.get("key-1", PATH, api).join();
        assertThat(fresh.json().asInt()).isEqualTo(2);
        assertThat(Duration.between(fresh.snapshotAt(), clock.instant())).isLessThan(Duration.ofSeconds(1));
        assertThat(asked).hasValue(2);
    }

    @Test
    void aSnapshotOlderThanTheMostAgeIsNeverShown() {
        snapshots.get("key-1", PATH, api).join();
        clock.advance(Duration.ofMinutes(11));
        assertThat(snapshots.get("key-1", PATH, api).join().json().asInt()).isEqualTo(2);
    }

    @Test
    void keysPathsAndRefusalsAreNotShared() {
        snapshots.get("key-1", PATH, api).join();
        assertThat(snapshots.get("key-2", PATH, api).join().json().asInt()).as("another key").isEqualTo(2);
        assertThat(snapshots.get("key-1", PATH + "&groupBy=customer", api).join().json().asInt()).isEqualTo(3);
        status = 400;
        ApiAnswer refused = snapshots.get("key-1", PATH + "&windowSize=WEEK", api).join();
        assertThat(refused.snapshotAt()).isNull();
        status = 200;
        assertThat(snapshots.get("key-1", PATH + "&windowSize=WEEK", api).join().json().asInt())
                .as("a refusal is asked again").isEqualTo(5);
    }

    @Test
    void aChangeMadeWithTheKeyForgetsItsSnapshots() {
        snapshots.get("key-1", PATH, api).join();
        snapshots.get("key-2", PATH, api).join();
        snapshots.forget("key-1");
        assertThat(snapshots.get("key-1", PATH, api).join().json().asInt()).isEqualTo(3);
        assertThat(snapshots.get("key-2", PATH, api).join().json().asInt()).isEqualTo(2);
    }

    @Test
    void pagesAskingAtOnceShareOneAnswer() {
        CompletableFuture<ApiAnswer> pending = new CompletableFuture<>();
        Function<String, CompletableFuture<ApiAnswer>> slow = path -> {
            asked.incrementAndGet();
            return pending;
        };
        CompletableFuture<ApiAnswer> one = snapshots.get("key-1", PATH, slow);
        CompletableFuture<ApiAnswer> two = snapshots.get("key-1", PATH, slow);
        pending.complete(new ApiAnswer(PATH, 200, IntNode.valueOf(7), "", "application/json"));
        assertThat(one.join().json().asInt()).isEqualTo(7);
        assertThat(two.join().json().asInt()).isEqualTo(7);
        assertThat(asked).hasValue(1);
    }

    @Test
    void offAnswersLiveEveryTime() {
        ReportSnapshots off = new ReportSnapshots(Duration.ZERO, Duration.ofMinutes(10), 100, clock);
        off.get("key-1", PATH, api).join();
        ApiAnswer second = off.get("key-1", PATH, api).join();
        assertThat(second.json().asInt()).isEqualTo(2);
        assertThat(second.snapshotAt()).isNull();
    }
}
