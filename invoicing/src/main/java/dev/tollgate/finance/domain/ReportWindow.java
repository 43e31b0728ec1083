package dev.tollgate.finance.domain;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** One period of a report, [start, end), a day or a calendar month in the report's time zone, cut at its range. */
public record ReportWindow(Instant start, Instant end) {

    /** How long a report's periods are. */
    public enum Size {
        DAY, MONTH;

        public static Optional<Size> parse(String value) {
            try {
                return Optional.of(valueOf(value.trim().toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                return Optional.empty();
            }
        }
    }

    public boolean contains(Instant at) {
        return !at.isBefore(start) && at.isBefore(end);
    }

    /**
     * The periods that cover [from, to): calendar days or months of the zone (so a month in Europe/Berlin starts at
     * its local midnight, and a day of a daylight-saving change is 23 or 25 hours long), the first and last cut at
     * {@code from} and {@code to}.
     */
    public static List<ReportWindow> cover(Instant from, Instant to, Size size, ZoneId zone) {
        List<ReportWindow> windows = new ArrayList<>();
        ZonedDateTime start = truncate(from.atZone(zone), size);
        while (start.toInstant().isBefore(to)) {
            ZonedDateTime next = size == Size.DAY ? start.plusDays(1) : start.plusMonths(1);
            Instant a = start.toInstant().isBefore(from) ? from : start.toInstant();
            Instant b = next.toInstant().isAfter(to) ? to : next.toInstant();
            windows.add(new ReportWindow(a, b));
            start = next;
        }
        return windows;
    }

    private static ZonedDateTime truncate(ZonedDateTime at, Size size) {
        ZonedDateTime day = at.truncatedTo(ChronoUnit.DAYS);
        return size == Size.DAY ? day : day.withDayOfMonth(1);
    }
}
