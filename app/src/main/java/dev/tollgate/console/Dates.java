package dev.tollgate.console;

import io.quarkus.qute.TemplateData;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The days a report page covers, as its filter form says: from the first day to the last day, both included, in a
 * time zone. The API is asked for [start of the first day, start of the day after the last) in that zone, and the page
 * states exactly that.
 */
@TemplateData
public record Dates(String firstDay, String lastDay, String zone, String from, String to) {

    static final int MAX_DAYS = 3660;

    /**
     * @param defaultFirst the first day when the form names none, from today in the zone
     * @throws IllegalArgumentException with what a person should fix
     */
    static Dates parse(Clock clock, String first, String last, String zone,
            java.util.function.UnaryOperator<LocalDate> defaultFirst) {
        ZoneId zoneId;
        try {
            zoneId = zone == null || zone.isBlank() ? ZoneId.of("UTC") : ZoneId.of(zone.strip());
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("Time zone must be an IANA zone such as UTC or Europe/Paris.");
        }
        LocalDate today = clock.instant().atZone(zoneId).toLocalDate();
        LocalDate lastDay = day(last, "To", today);
        LocalDate firstDay = day(first, "From", defaultFirst.apply(today));
        if (lastDay.isBefore(firstDay)) {
            throw new IllegalArgumentException("To must be on or after From.");
        }
        if (ChronoUnit.DAYS.between(firstDay, lastDay) >= MAX_DAYS) {
            throw new IllegalArgumentException("Choose at most " + MAX_DAYS + " days.");
        }
        DateTimeFormatter rfc3339 = DateTimeFormatter.ISO_OFFSET_DATE_TIME;
        return new Dates(firstDay.toString(), lastDay.toString(), zoneId.getId(),
                firstDay.atStartOfDay(zoneId).format(rfc3339),
                lastDay.plusDays(1).atStartOfDay(zoneId).format(rfc3339));
    }

    /** The report API's range parameters for these days: {@code from}, {@code to} and {@code windowTimeZone}. */
    Map<String, Object> reportQuery() {
        Map<String, Object> query = new LinkedHashMap<>();
        query.put("from", from);
        query.put("to", to);
        query.put("windowTimeZone", zone);
        return query;
    }

    /** What the form said, shown again beside the message when it does not read. */
    static Dates asEntered(String first, String last, String zone) {
        return new Dates(first == null ? "" : first, last == null ? "" : last, zone == null ? "" : zone, "", "");
    }

    private static LocalDate day(String value, String name, LocalDate otherwise) {
        if (value == null || value.isBlank()) {
            return otherwise;
        }
        try {
            LocalDate day = LocalDate.parse(value.strip());
            if (day.getYear() < 1970 || day.getYear() > 9000) {
                throw new IllegalArgumentException(name + " must be a date between 1970 and 9000.");
            }
            return day;
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(name + " must be a date such as 2026-12-05.");
        }
    }
}
