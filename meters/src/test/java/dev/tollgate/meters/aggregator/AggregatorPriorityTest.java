package dev.tollgate.meters.aggregator;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class AggregatorPriorityTest {

    private final AtomicLong now = new AtomicLong();
    private final AtomicLong lag = new AtomicLong();
    private final AtomicInteger measurements = new AtomicInteger();
    private final AtomicInteger held = new AtomicInteger();

    private AggregatorPriority priority(long threshold, Duration atMost) {
        return new AggregatorPriority(() -> {
            measurements.incrementAndGet();
            return lag.get();
        }, threshold, atMost, now::get, held::incrementAndGet);
    }

    @Test
    void holdsOnlyWhileTheAggregatorIsFurtherBehindThanTheThreshold() {
        AggregatorPriority priority = priority(100_000, Duration.ofSeconds(20));
        lag.set(100_000);
        assertThat(priority.holds(0)).isFalse();

        lag.set(100_001);
        now.addAndGet(Duration.ofSeconds(1).toNanos());
        assertThat(priority.holds(0)).isTrue();

        lag.set(5_000);
        now.addAndGet(Duration.ofSeconds(1).toNanos());
        assertThat(priority.holds(0)).isFalse();
    }

    @Test
    void aBatchIsHeldAtMostTheBound() {
        AggregatorPriority priority = priority(100_000, Duration.ofSeconds(20));
        lag.set(5_000_000);
        long ready = now.get();
        now.addAndGet(Duration.ofSeconds(19).toNanos());
        assertThat(priority.holds(ready)).isTrue();
        now.addAndGet(Duration.ofSeconds(1).toNanos());
        assertThat(priority.holds(ready)).isFalse();
        assertThat(held).as("one batch held, counted once").hasValue(1);
    }

    @Test
    void measuresAtMostTwiceASecond() {
        AggregatorPriority priority = priority(100_000, Duration.ofSeconds(20));
        lag.set(200_000);
        for (int i = 0; i < 10; i++) {
            priority.holds(now.get());
            now.addAndGet(Duration.ofMillis(100).toNanos());
        }
        assertThat(measurements).hasValue(2);
    }

    @Test
    void neverHoldsOnAnUnknownLagOrWhenTurnedOff() {
        AggregatorPriority failing = new AggregatorPriority(() -> {
            throw new IllegalStateException("ClickHouse is down");
        }, 100_000, Duration.ofSeconds(20), now::get, held::incrementAndGet);
        assertThat(failing.holds(now.get())).isFalse();

        lag.set(Long.MAX_VALUE);
        assertThat(priority(0, Duration.ofSeconds(20)).holds(now.get())).isFalse();
        assertThat(measurements).hasValue(0);
    }
}
