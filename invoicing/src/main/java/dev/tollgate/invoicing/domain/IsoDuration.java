package dev.tollgate.invoicing.domain;

import java.time.Duration;
import java.time.Instant;
import java.time.Period;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * An ISO 8601 duration as OpenMeter's workflow settings take them, such as {@code PT1H}, {@code P30D} or {@code P1M}:
 * calendar parts (years, months, days) and clock parts together, added in UTC. Never negative.
 */
public record IsoDuration(String text, Period calendar, Duration clock) {

    public static final IsoDuration ZERO = new IsoDuration("P0D", Period.ZERO, Duration.ZERO);

    /** The duration, or empty when the text is not a non-negative ISO 8601 duration. */
    public static Optional<IsoDuration> parse(String text) {
        if (text == null || !text.startsWith("P") || text.length() < 3) {
            return Optional.empty();
        }
        int t = text.indexOf('T');
        String datePart = t < 0 ? text : text.substring(0, t);
        String timePart = t < 0 ? null : text.substring(t);
        try {
            Period calendar = datePart.equals("P") ? Period.ZERO : Period.parse(datePart);
            Duration clock = timePart == null ? Duration.ZERO : Duration.parse("P" + timePart);
            if (calendar.isNegative() || clock.isNegative() || (timePart != null && timePart.length() < 3)) {
                return Optional.empty();
            }
            return Optional.of(new IsoDuration(text, calendar, clock));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    public static IsoDuration of(String text) {
        return parse(text).orElseThrow(() -> new IllegalArgumentException("not an ISO 8601 duration: " + text));
    }

    public Instant after(Instant instant) {
        return instant.atZone(ZoneOffset.UTC).plus(calendar).plus(clock).toInstant();
    }

    public Instant before(Instant instant) {
        return instant.atZone(ZoneOffset.UTC).minus(clock).minus(calendar).toInstant();
    }

    public boolean isZero() {
        return calendar.isZero() && clock.isZero();
    }

    @Override
    public String toString() {
        return text;
    }
}
