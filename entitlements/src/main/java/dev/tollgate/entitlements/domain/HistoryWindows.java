package dev.tollgate.entitlements.domain;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** The windows of a balance history: MINUTE, HOUR, DAY or MONTH, on the calendar of a time zone. */
public final class HistoryWindows {

    public static final Set<String> SIZES = Set.of("MINUTE", "HOUR", "DAY", "MONTH");
    /** More windows than this in one answer is a mistake in the range or the size. */
    public static final int MAX_WINDOWS = 10_000;

    private HistoryWindows() {
    }

    /**
     * The starts of the windows that cover [from, to): the first is the start of the window holding {@code from}. Stops
     * after {@link #MAX_WINDOWS} + 1, which the caller refuses.
     */
    public static List<Instant> starts(Instant from, Instant to, String size, ZoneId zone) {
        List<Instant> starts = new ArrayList<>();
        for (Instant at = floor(from, size, zone); at.isBefore(to); at = end(at, size, zone)) {
            starts.add(at);
            if (starts.size() > MAX_WINDOWS) {
                break;
            }
        }
        return starts;
    }

    public static Instant end(Instant start, String size, ZoneId zone) {
        ZonedDateTime at = start.atZone(zone);
        ZonedDateTime result = switch (size) {
            case "MINUTE" -> at.plusMinutes(1);
            case "HOUR" -> at.plusHours(1);
            case "DAY" -> at.plusDays(1);
            case "MONTH" -> at.plusMonths(1);
            default -> throw new IllegalArgumentException("window size " + size);
        };
        return result.toInstant();
    }

    private static Instant floor(Instant instant, String size, ZoneId zone) {
        ZonedDateTime at = instant.atZone(zone);
        ZonedDateTime result = switch (size) {
            case "MINUTE" -> at.truncatedTo(ChronoUnit.MINUTES);
            case "HOUR" -> at.truncatedTo(ChronoUnit.HOURS);
            case "DAY" -> at.truncatedTo(ChronoUnit.DAYS);
            case "MONTH" -> at.withDayOfMonth(1).truncatedTo(ChronoUnit.DAYS);
            default -> throw new IllegalArgumentException("window size " + size);
        };
        return result.toInstant();
    }
}
