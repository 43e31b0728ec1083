package dev.tollgate.notifications.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RetryScheduleTest {

    /** A "random" source that always answers the same value, to pin the jitter to one end or the middle. */
    private static Random fixed(double value) {
        return new Random() {
            @Override
            public double nextDouble() {
                return value;
            }
        };
    }

    private static Duration totalSpan(RetrySchedule schedule) {
        Duration total = Duration.ZERO;
        for (int attempt = 1; attempt < schedule.attempts(); attempt++) {
            total = total.plus(schedule.delayAfter(attempt).orElseThrow());
        }
        return total;
    }

    @Test
    void theDefaultIsEightAttemptsLikeSvixs() {
        RetrySchedule schedule = new RetrySchedule(RetrySchedule.DEFAULT_DELAYS, fixed(0.5));
        assertThat(schedule.attempts()).isEqualTo(8);
        assertThat(schedule.firstDelay()).isZero();
        assertThat(schedule.delayAfter(1)).contains(Duration.ofSeconds(5));
        assertThat(schedule.delayAfter(2)).contains(Duration.ofMinutes(5));
        assertThat(schedule.delayAfter(3)).contains(Duration.ofMinutes(30));
        assertThat(schedule.delayAfter(4)).contains(Duration.ofHours(2));
        assertThat(schedule.delayAfter(5)).contains(Duration.ofHours(5));
        assertThat(schedule.delayAfter(6)).contains(Duration.ofHours(10));
        assertThat(schedule.delayAfter(7)).contains(Duration.ofHours(10));
    }

    @Test
    void theDefaultSpansAbout27AndAHalfHours() {
        Duration exact = Duration.ofHours(27).plusMinutes(35).plusSeconds(5);
        assertThat(totalSpan(new RetrySchedule(RetrySchedule.DEFAULT_DELAYS, fixed(0.5)))).isEqualTo(exact);
        assertThat(totalSpan(new RetrySchedule(RetrySchedule.DEFAULT_DELAYS, new Random(7))))
                .isBetween(Duration.ofMillis(exact.toMillis() * 8 / 10), Duration.ofMillis(exact.toMillis() * 12 / 10));
    }

    @Test
    void theLastAttemptHasNoNext() {
        RetrySchedule schedule = new RetrySchedule(RetrySchedule.DEFAULT_DELAYS, new Random(1));
        assertThat(schedule.delayAfter(7)).isPresent();
        assertThat(schedule.delayAfter(8)).isEmpty();
        assertThat(schedule.delayAfter(9)).isEmpty();
        assertThat(new RetrySchedule(List.of(Duration.ZERO), new Random(1)).delayAfter(1)).isEmpty();
    }

    @Test
    void jitterStaysWithinTwentyPercent() {
        assertThat(new RetrySchedule(RetrySchedule.DEFAULT_DELAYS, fixed(0.0)).delayAfter(2))
                .contains(Duration.ofMinutes(4));
        assertThat(new RetrySchedule(RetrySchedule.DEFAULT_DELAYS, fixed(Math.nextDown(1.0))).delayAfter(2))
                .contains(Duration.ofMinutes(6));
        RetrySchedule schedule = new RetrySchedule(RetrySchedule.DEFAULT_DELAYS, new Random(42));
        for (int i = 0; i < 1000; i++) {
            assertThat(schedule.delayAfter(4).orElseThrow())
                    .isBetween(Duration.ofMinutes(96), Duration.ofMinutes(144));
        }
    }

    @Test
    void jitterSpreadsTheDelays() {
        RetrySchedule schedule = new RetrySchedule(RetrySchedule.DEFAULT_DELAYS, new Random(42));
        assertThat(List.of(schedule.delayAfter(3), schedule.delayAfter(3), schedule.delayAfter(3)))
                .doesNotHaveDuplicates();
    }

    @Test
    void aZeroDelayStaysZero() {
        assertThat(new RetrySchedule(List.of(Duration.ZERO, Duration.ZERO), new Random(3)).delayAfter(1))
                .contains(Duration.ZERO);
    }

    @Test
    void aConfiguredListSetsTheNumberOfAttempts() {
        RetrySchedule schedule = new RetrySchedule(List.of(Duration.ZERO, Duration.ofSeconds(10)), fixed(0.5));
        assertThat(schedule.attempts()).isEqualTo(2);
        assertThat(schedule.delayAfter(1)).contains(Duration.ofSeconds(10));
        assertThat(schedule.delayAfter(2)).isEmpty();
    }

    @Test
    void refusesAnEmptyOrNegativeScheduleAndAttemptZero() {
        assertThatThrownBy(() -> new RetrySchedule(List.of(), new Random()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RetrySchedule(List.of(Duration.ofSeconds(-1)), new Random()))
                .isInstanceOf(IllegalArgumentException.class);
        RetrySchedule schedule = new RetrySchedule(RetrySchedule.DEFAULT_DELAYS, new Random());
        assertThatThrownBy(() -> schedule.delayAfter(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
