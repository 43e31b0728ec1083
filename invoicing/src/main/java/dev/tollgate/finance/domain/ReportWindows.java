package dev.tollgate.finance.domain;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;

/**
 * The windows of a report, as the meter query lays them out: MINUTE, HOUR, DAY or MONTH in the report's zone (days
 * and months start at local midnight), the first and last cut to the range; no size means one window over it all.
 */
public final class ReportWindows {

    public static final List<String> SIZES = List.of("MINUTE", "HOUR", "DAY", "MONTH");

    private ReportWindows() {
    }

    /** A window. */
    public record Window(Instant start, Instant end) {
    }

    /** The window of [from, to) the instant falls in. */
    public static Window of(Instant instant, Instant from, Instant to, String size, ZoneId zone) {
        if (size == null) {
            return new Window(from, to);
        }
        ZonedDateTime local = instant.atZone(zone);
        ZonedDateTime start = switch (size.toUpperCase(Locale.ROOT)) {
            case "MINUTE" -> local.truncatedTo(ChronoUnit.MINUTES);
            case "HOUR" -> local.truncatedTo(ChronoUnit.HOURS);
            case "DAY" -> local.toLocalDate().atStartOfDay(zone);
            case "MONTH" -> local.toLocalDate().withDayOfMonth(1).atStartOfDay(zone);
            default -> throw new IllegalArgumentException("window size " + size);
        };
        ZonedDateTime end = switch (size.toUpperCase(Locale.ROOT)) {
            case "MINUTE" -> start.plusMinutes(1);
            case "HOUR" -> start.plusHours(1);
            case "DAY" -> start.toLocalDate().plusDays(1).atStartOfDay(zone);
            default -> start.toLocalDate().plusMonths(1).atStartOfDay(zone);
        };
        return new Window(later(start.toInstant(), from), earlier(end.toInstant(), to));
    }

    /** The start of the instant's minute: usage is stored per minute, so every bound moves there. */
    public static Instant floorToMinute(Instant instant) {
        return instant.truncatedTo(ChronoUnit.MINUTES);
    }

    /** The first minute start at or after the instant: the first minute a change at that instant applies to. */
    public static Instant ceilToMinute(Instant instant) {
        Instant floor = floorToMinute(instant);
        return floor.equals(instant) ? floor : floor.plus(1, ChronoUnit.MINUTES);
    }

    private static Instant later(Instant a, Instant b) {
        return a.isBefore(b) ? b : a;
    }

    private static Instant earlier(Instant a, Instant b) {
        return a.isAfter(b) ? b : a;
    }
}
