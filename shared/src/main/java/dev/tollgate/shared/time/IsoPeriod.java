package dev.tollgate.shared.time;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An ISO 8601 duration such as {@code P1M}, {@code P14D} or {@code PT12H}: a plan's billing cadence, a rate card's, a
 * phase's length or an entitlement's usage period. Years count as 12 months, weeks as 7 days and days as 24 hours,
 * which is how OpenMeter compares periods ({@code isodate.Period.Simplify}). Fractions and negative periods are not
 * accepted.
 */
public record IsoPeriod(long months, long seconds) {

    private static final Pattern ISO = Pattern.compile(
            "P(?!$)(?:(\\d{1,4})Y)?(?:(\\d{1,5})M)?(?:(\\d{1,5})W)?(?:(\\d{1,6})D)?"
                    + "(?:T(?=\\d)(?:(\\d{1,7})H)?(?:(\\d{1,8})M)?(?:(\\d{1,9})S)?)?");
    private static final long HOUR = 3600;
    private static final long DAY = 24 * HOUR;

    public static Optional<IsoPeriod> parse(String iso) {
        if (iso == null) {
            return Optional.empty();
        }
        Matcher m = ISO.matcher(iso);
        if (!m.matches()) {
            return Optional.empty();
        }
        long months = 12 * number(m, 1) + number(m, 2);
        long seconds = 7 * DAY * number(m, 3) + DAY * number(m, 4) + HOUR * number(m, 5) + 60 * number(m, 6)
                + number(m, 7);
        return Optional.of(new IsoPeriod(months, seconds));
    }

    public boolean isZero() {
        return months == 0 && seconds == 0;
    }

    /** OpenMeter refuses cadences, phase lengths and usage periods shorter than an hour. */
    public boolean atLeastAnHour() {
        return months > 0 || seconds >= HOUR;
    }

    /**
     * OpenMeter's alignment of a rate card's cadence with its plan's ({@code ValidateBillingCadencesAlign}): the two
     * are equal, or one is a whole multiple of the other. Months and days never divide each other, since a month has no
     * fixed length.
     */
    public boolean alignsWith(IsoPeriod other) {
        if (isZero() || other.isZero()) {
            return false;
        }
        if (equals(other)) {
            return true;
        }
        if (seconds == 0 && other.seconds == 0) {
            return months % other.months == 0 || other.months % months == 0;
        }
        if (months == 0 && other.months == 0) {
            return seconds % other.seconds == 0 || other.seconds % seconds == 0;
        }
        return false;
    }

    /** k times the period after the instant, months first (clamped to the month's end, as OpenMeter does), in UTC. */
    public Instant plus(Instant instant, long k) {
        return ZonedDateTime.ofInstant(instant, ZoneOffset.UTC).plusMonths(months * k).plusSeconds(seconds * k)
                .toInstant();
    }

    /**
     * The k with {@code plus(anchor, k) ≤ at < plus(anchor, k + 1)}: which period after (or, negative, before) the
     * anchor holds the instant. Always counted from the anchor, never by repeated addition, so that a month clamped
     * once (Jan 31 → Feb 28) does not drift.
     */
    public long index(Instant anchor, Instant at) {
        long approximateSeconds = Math.max(1, Duration.between(Instant.EPOCH, plus(Instant.EPOCH, 1)).getSeconds());
        long k = Math.floorDiv(Duration.between(anchor, at).getSeconds(), approximateSeconds);
        while (plus(anchor, k).isAfter(at)) {
            k--;
        }
        while (!plus(anchor, k + 1).isAfter(at)) {
            k++;
        }
        return k;
    }

    private static long number(Matcher m, int group) {
        String value = m.group(group);
        return value == null ? 0 : Long.parseLong(value);
    }
}
