package dev.tollgate.shared.time;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.Period;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A clock that runs at the pace of real time from a point that tests choose and move, as Kill Bill's ClockMock does:
 * set it to a day, or move it on by hours or months, and every reader of the app's clock follows. It keeps an offset
 * from the underlying clock rather than a fixed instant, so that timeouts and "a second later" still mean what they
 * say. It never runs in production unless {@code tollgate.clock.movable} is set.
 */
public final class MovableClock extends Clock {

    private final Clock base;
    private final AtomicLong offsetMicros = new AtomicLong();

    public MovableClock(Clock base) {
        this.base = base;
    }

    @Override
    public Instant instant() {
        return base.instant().plus(offsetMicros.get(), java.time.temporal.ChronoUnit.MICROS);
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("Tollgate's clock is always UTC");
    }

    /** From now on the clock reads {@code instant}, and runs on from there. */
    public synchronized Instant setTo(Instant instant) {
        Instant now = base.instant();
        offsetMicros.set(Duration.between(now, instant).toNanos() / 1_000);
        return instant();
    }

    public synchronized Instant advance(Duration duration) {
        return setTo(instant().plus(duration));
    }

    /** Moves on by calendar months and days in UTC: a month from Jan 31 is Feb 28 or 29. */
    public synchronized Instant advance(Period period) {
        return setTo(instant().atZone(ZoneOffset.UTC).plus(period).toInstant());
    }

    /** Back to the underlying clock. */
    public Instant reset() {
        offsetMicros.set(0);
        return instant();
    }
}
