package dev.tollgate.finance.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class ReportWindowsTest {

    private static final Instant FROM = Instant.parse("2026-03-07T10:30:00Z");
    private static final Instant TO = Instant.parse("2026-04-02T00:00:00Z");

    @Test
    void windowsFollowTheZonesCalendarAndAreCutToTheRange() {
        ZoneId newYork = ZoneId.of("America/New_York");
        // New York moves to summer time on 8 March 2026: that day has 23 hours.
        ReportWindows.Window day = ReportWindows.of(Instant.parse("2026-03-08T12:00:00Z"), FROM, TO, "DAY", newYork);
        assertThat(day.start()).isEqualTo(Instant.parse("2026-03-08T05:00:00Z"));
        assertThat(day.end()).isEqualTo(Instant.parse("2026-03-09T04:00:00Z"));
        ReportWindows.Window first = ReportWindows.of(FROM, FROM, TO, "MONTH", ZoneId.of("UTC"));
        assertThat(first.start()).isEqualTo(FROM);
        assertThat(first.end()).isEqualTo(Instant.parse("2026-04-01T00:00:00Z"));
        assertThat(ReportWindows.of(FROM, FROM, TO, "HOUR", ZoneId.of("Asia/Kolkata")).end())
                .isEqualTo(Instant.parse("2026-03-07T11:30:00Z"));
        assertThat(ReportWindows.of(FROM.plusSeconds(61), FROM, TO, null, ZoneId.of("UTC")))
                .isEqualTo(new ReportWindows.Window(FROM, TO));
    }

    @Test
    void changesApplyFromTheirFirstWholeMinute() {
        assertThat(ReportWindows.ceilToMinute(Instant.parse("2026-03-07T10:30:00Z")))
                .isEqualTo(Instant.parse("2026-03-07T10:30:00Z"));
        assertThat(ReportWindows.ceilToMinute(Instant.parse("2026-03-07T10:30:00.001Z")))
                .isEqualTo(Instant.parse("2026-03-07T10:31:00Z"));
    }

    @Test
    void sharesAreOfCostOrElseOfUsageRoundedHalfUpToSixPlaces() {
        assertThat(Shares.share(new BigDecimal("1"), BigDecimal.ONE, new BigDecimal("3"), BigDecimal.TEN))
                .isEqualTo(new BigDecimal("0.333333"));
        assertThat(Shares.share(BigDecimal.ZERO, new BigDecimal("2"), BigDecimal.ZERO, new BigDecimal("3")))
                .isEqualTo(new BigDecimal("0.666667"));
        assertThat(Shares.share(BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO))
                .isEqualTo(new BigDecimal("0.000000"));
    }
}
