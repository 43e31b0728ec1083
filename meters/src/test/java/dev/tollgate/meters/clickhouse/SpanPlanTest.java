package dev.tollgate.meters.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tollgate.meters.domain.WindowSize;
import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class SpanPlanTest {

    private static final ZoneId UTC = ZoneId.of("UTC");

    private static SpanPlan.Range range(int span, boolean allSubjects, String from, String to) {
        return new SpanPlan.Range(span, allSubjects, Instant.parse(from), Instant.parse(to));
    }

    @Test
    void aTotalOverAllSubjectsReadsTheirDaysInTheMiddleAndHoursAndMinutesAtTheEdges() {
        SpanPlan plan = SpanPlan.of(Instant.parse("2026-03-01T10:15:00Z"), Instant.parse("2026-03-05T07:42:00Z"),
                null, UTC, false);

        assertThat(plan.ranges()).containsExactlyInAnyOrder(
                range(SpanPlan.SPAN_MINUTE, true, "2026-03-01T10:15:00Z", "2026-03-01T11:00:00Z"),
                range(SpanPlan.SPAN_MINUTE, true, "2026-03-05T07:00:00Z", "2026-03-05T07:42:00Z"),
                range(SpanPlan.SPAN_HOUR, true, "2026-03-01T11:00:00Z", "2026-03-02T00:00:00Z"),
                range(SpanPlan.SPAN_HOUR, true, "2026-03-05T00:00:00Z", "2026-03-05T07:00:00Z"),
                range(SpanPlan.SPAN_DAY, true, "2026-03-02T00:00:00Z", "2026-03-05T00:00:00Z"));
    }

    @Test
    void aQueryBySubjectReadsTheSubjectsDaysAndMinutesAtTheEdges() {
        SpanPlan plan = SpanPlan.of(Instant.parse("2026-03-01T10:15:00Z"), Instant.parse("2026-03-05T07:42:00Z"),
                WindowSize.DAY, UTC, true);

        assertThat(plan.ranges()).containsExactlyInAnyOrder(
                range(SpanPlan.SPAN_MINUTE, false, "2026-03-01T10:15:00Z", "2026-03-02T00:00:00Z"),
                range(SpanPlan.SPAN_MINUTE, false, "2026-03-05T00:00:00Z", "2026-03-05T07:42:00Z"),
                range(SpanPlan.SPAN_DAY, false, "2026-03-02T00:00:00Z", "2026-03-05T00:00:00Z"));
    }

    @Test
    void aRangeWithNoWholeHourInsideIsReadInMinutes() {
        Instant from = Instant.parse("2026-03-01T23:59:00Z");
        Instant to = Instant.parse("2026-03-02T00:01:00Z");

        assertThat(SpanPlan.of(from, to, WindowSize.DAY, UTC, false).ranges()).containsExactly(
                range(SpanPlan.SPAN_MINUTE, true, "2026-03-01T23:59:00Z", "2026-03-02T00:01:00Z"));
    }

    @Test
    void halfHourZonesReadMinutes() {
        Instant from = Instant.parse("2026-03-01T00:00:00Z");
        Instant to = Instant.parse("2026-04-01T00:00:00Z");

        assertThat(SpanPlan.coarsestSpan(from, to, WindowSize.DAY, ZoneId.of("Asia/Kolkata"),
                SpanPlan.ALL_SUBJECT_SPANS)).isEqualTo(SpanPlan.SPAN_MINUTE);
        assertThat(SpanPlan.coarsestSpan(from, to, WindowSize.HOUR, ZoneId.of("Australia/Adelaide"),
                SpanPlan.ALL_SUBJECT_SPANS)).isEqualTo(SpanPlan.SPAN_MINUTE);
    }

    @Test
    void wholeHourZonesReadHoursAcrossDstButNotDays() {
        Instant from = Instant.parse("2026-03-01T00:00:00Z");
        Instant to = Instant.parse("2026-04-01T00:00:00Z");
        ZoneId newYork = ZoneId.of("America/New_York");

        assertThat(SpanPlan.coarsestSpan(from, to, WindowSize.DAY, newYork, SpanPlan.ALL_SUBJECT_SPANS))
                .isEqualTo(SpanPlan.SPAN_HOUR);
        assertThat(SpanPlan.coarsestSpan(from, to, WindowSize.DAY, newYork, SpanPlan.SUBJECT_SPANS))
                .isEqualTo(SpanPlan.SPAN_MINUTE);
        assertThat(SpanPlan.coarsestSpan(from, to, WindowSize.MONTH, UTC, SpanPlan.SUBJECT_SPANS))
                .isEqualTo(SpanPlan.SPAN_DAY);
        assertThat(SpanPlan.coarsestSpan(from, to, WindowSize.MINUTE, UTC, SpanPlan.ALL_SUBJECT_SPANS))
                .isEqualTo(SpanPlan.SPAN_MINUTE);
        assertThat(SpanPlan.coarsestSpan(from, to, null, ZoneId.of("Asia/Kolkata"), SpanPlan.SUBJECT_SPANS))
                .isEqualTo(SpanPlan.SPAN_DAY);
    }

    @Test
    void openRangesReadMinutes() {
        assertThat(SpanPlan.of(null, Instant.parse("2026-03-01T00:00:00Z"), null, UTC, true).ranges())
                .containsExactly(new SpanPlan.Range(SpanPlan.SPAN_MINUTE, false, null,
                        Instant.parse("2026-03-01T00:00:00Z")));
    }
}
