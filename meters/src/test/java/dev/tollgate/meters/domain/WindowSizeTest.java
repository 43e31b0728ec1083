package dev.tollgate.meters.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class WindowSizeTest {

    private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
    private static final ZoneId KOLKATA = ZoneId.of("Asia/Kolkata");
    private static final ZoneId ADELAIDE = ZoneId.of("Australia/Adelaide");

    private static ZonedDateTime midnight(String date, ZoneId zone) {
        return LocalDate.parse(date).atStartOfDay(zone);
    }

    private static Duration length(WindowSize size, ZonedDateTime start) {
        return Duration.between(start, size.end(start));
    }

    @Test
    void minuteLastsSixtySeconds() {
        ZonedDateTime start = ZonedDateTime.parse("2026-01-31T23:59:00Z");
        assertThat(WindowSize.MINUTE.end(start)).isEqualTo(ZonedDateTime.parse("2026-02-01T00:00:00Z"));
    }

    @Test
    void hourLastsOneHourEvenAcrossDst() {
        ZonedDateTime start = ZonedDateTime.parse("2026-03-08T01:00:00-05:00[America/New_York]");

        ZonedDateTime end = WindowSize.HOUR.end(start);

        assertThat(length(WindowSize.HOUR, start)).isEqualTo(Duration.ofHours(1));
        assertThat(end.toLocalTime().getHour()).isEqualTo(3);
    }

    @Test
    void utcDayLasts24Hours() {
        assertThat(length(WindowSize.DAY, midnight("2026-03-08", ZoneId.of("UTC")))).isEqualTo(Duration.ofHours(24));
    }

    @Test
    void dayWhenClocksSpringForwardLasts23Hours() {
        ZonedDateTime start = midnight("2026-03-08", NEW_YORK);

        assertThat(WindowSize.DAY.end(start)).isEqualTo(midnight("2026-03-09", NEW_YORK));
        assertThat(length(WindowSize.DAY, start)).isEqualTo(Duration.ofHours(23));
    }

    @Test
    void dayWhenClocksFallBackLasts25Hours() {
        ZonedDateTime start = midnight("2026-11-01", NEW_YORK);

        assertThat(WindowSize.DAY.end(start)).isEqualTo(midnight("2026-11-02", NEW_YORK));
        assertThat(length(WindowSize.DAY, start)).isEqualTo(Duration.ofHours(25));
    }

    @Test
    void ordinaryNewYorkDayLasts24Hours() {
        assertThat(length(WindowSize.DAY, midnight("2026-03-07", NEW_YORK))).isEqualTo(Duration.ofHours(24));
    }

    @Test
    void kolkataDayRunsFromLocalMidnightToLocalMidnight() {
        ZonedDateTime start = midnight("2026-01-15", KOLKATA);

        ZonedDateTime end = WindowSize.DAY.end(start);

        assertThat(start.toInstant()).isEqualTo(ZonedDateTime.parse("2026-01-14T18:30:00Z").toInstant());
        assertThat(end).isEqualTo(midnight("2026-01-16", KOLKATA));
        assertThat(end.toInstant()).isEqualTo(ZonedDateTime.parse("2026-01-15T18:30:00Z").toInstant());
    }

    @Test
    void adelaideDayStartsAtLocalMidnightInSummerTime() {
        // Adelaide is +10:30 in January (daylight saving), +09:30 in winter.
        ZonedDateTime start = midnight("2026-01-15", ADELAIDE);

        assertThat(start.toInstant()).isEqualTo(ZonedDateTime.parse("2026-01-14T13:30:00Z").toInstant());
        assertThat(WindowSize.DAY.end(start)).isEqualTo(midnight("2026-01-16", ADELAIDE));
    }

    @Test
    void adelaideDaysAcrossItsDstChangesLast25And23Hours() {
        // Adelaide leaves daylight saving on 2026-04-05 and enters it on 2026-10-04.
        ZonedDateTime autumn = midnight("2026-04-05", ADELAIDE);
        ZonedDateTime spring = midnight("2026-10-04", ADELAIDE);

        assertThat(length(WindowSize.DAY, autumn)).isEqualTo(Duration.ofHours(25));
        assertThat(WindowSize.DAY.end(autumn).toLocalTime()).isEqualTo(autumn.toLocalTime());
        assertThat(length(WindowSize.DAY, spring)).isEqualTo(Duration.ofHours(23));
        assertThat(WindowSize.DAY.end(spring).toLocalTime()).isEqualTo(spring.toLocalTime());
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "2026-01-01, 2026-02-01",
            "2026-02-01, 2026-03-01",
            "2028-02-01, 2028-03-01",
            "2026-12-01, 2027-01-01",
    })
    void monthRunsFromTheFirstToTheNextFirst(String start, String end) {
        assertThat(WindowSize.MONTH.end(midnight(start, NEW_YORK))).isEqualTo(midnight(end, NEW_YORK));
    }

    @Test
    void monthContainingSpringForwardIsOneHourShort() {
        ZonedDateTime start = midnight("2026-03-01", NEW_YORK);

        assertThat(length(WindowSize.MONTH, start)).isEqualTo(Duration.ofDays(31).minusHours(1));
    }

    @Test
    void februaryInALeapYearLasts29Days() {
        assertThat(length(WindowSize.MONTH, midnight("2028-02-01", ZoneId.of("UTC")))).isEqualTo(Duration.ofDays(29));
    }

    @Test
    void monthFromTheThirtyFirstIsClampedByJavaTime() {
        // Month windows always start on the 1st (toStartOfMonth); a start on the 31st would give a short window.
        ZonedDateTime start = midnight("2026-01-31", ZoneId.of("UTC"));

        assertThat(WindowSize.MONTH.end(start)).isEqualTo(midnight("2026-02-28", ZoneId.of("UTC")));
    }
}
