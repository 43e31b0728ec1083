package dev.tollgate.app;

import dev.tollgate.shared.time.MovableClock;
import io.quarkus.arc.Arc;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.Period;
import java.time.temporal.ChronoUnit;

/**
 * The running app's clock, as API tests see it: every date a test sends is relative to it, so the suite passes
 * whatever the machine's date, and tests move it through months as billing needs. The clock only moves forward: a test
 * that needs a particular calendar feature (a month end, a DST change) moves it there.
 */
public final class TestTime {

    private TestTime() {
    }

    public static MovableClock clock() {
        return (MovableClock) Arc.container().instance(Clock.class).get();
    }

    public static Instant now() {
        return clock().instant();
    }

    /** Midnight UTC, {@code days} days from today by the app's clock: {@code day(-3)} is three days ago. */
    public static Instant day(int days) {
        return now().truncatedTo(ChronoUnit.DAYS).plus(Duration.ofDays(days));
    }

    /**
     * {@code at(-3, "10:15:00")}: RFC 3339, UTC, three days ago at 10:15. A test that needs several times on one day
     * takes the day once ({@code day(-3)}) and uses {@link #at(Instant, String)}, so that midnight passing during the
     * test cannot split them.
     */
    public static String at(int days, String utcTime) {
        return at(day(days), utcTime);
    }

    /** RFC 3339, UTC: {@code utcTime} ({@code HH:mm:ss}) on the day that starts at {@code day}. */
    public static String at(Instant day, String utcTime) {
        return day.plus(Duration.ofNanos(LocalTime.parse(utcTime).toNanoOfDay())).toString();
    }

    /** RFC 3339 text of an instant, as the API writes it. */
    public static String iso(Instant instant) {
        return instant.toString();
    }

    /** Moves the clock forward to {@code instant}, or leaves it where it is if it is already later. */
    public static Instant advanceTo(Instant instant) {
        return now().isBefore(instant) ? clock().setTo(instant) : now();
    }

    public static Instant advance(Period period) {
        return clock().advance(period);
    }

    public static Instant advance(Duration duration) {
        return clock().advance(duration);
    }
}
