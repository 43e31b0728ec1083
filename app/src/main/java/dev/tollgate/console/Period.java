package dev.tollgate.console;

import io.quarkus.qute.TemplateData;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/**
 * The days a page shows: the last {@code days} calendar days in a time zone, up to the end of today, read from the
 * app's clock. The API is asked for exactly this range and zone, and the page says which it is.
 */
@TemplateData
public record Period(String from, String to, String zone, int days) {

    static final int DEFAULT_DAYS = 30;
    static final int MAX_DAYS = 366;

    /**
     * @throws IllegalArgumentException with what a person should fix, for a number of days or a zone that is not one
     */
    static Period lastDays(Clock clock, String days, String zone) {
        int count = DEFAULT_DAYS;
        if (days != null && !days.isBlank()) {
            try {
                count = Integer.parseInt(days.strip());
            } catch (NumberFormatException e) {
                count = -1;
            }
            if (count < 1 || count > MAX_DAYS) {
                throw new IllegalArgumentException("Days must be a whole number from 1 to " + MAX_DAYS + ".");
            }
        }
        ZoneId zoneId;
        try {
            zoneId = zone == null || zone.isBlank() ? ZoneId.of("UTC") : ZoneId.of(zone.strip());
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("Time zone must be an IANA zone such as UTC or Europe/Paris.");
        }
        // The app's clock is always UTC (a movable one in tests): the day is read in the zone from its instant.
        LocalDate today = clock.instant().atZone(zoneId).toLocalDate();
        DateTimeFormatter rfc3339 = DateTimeFormatter.ISO_OFFSET_DATE_TIME;
        return new Period(today.minusDays(count - 1L).atStartOfDay(zoneId).format(rfc3339),
                today.plusDays(1).atStartOfDay(zoneId).format(rfc3339), zoneId.getId(), count);
    }
}
