package dev.tollgate.shared.time;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class IsoPeriodTest {

    @ParameterizedTest
    @ValueSource(strings = {"P1M", "P14D", "P1Y", "P2W", "PT12H", "P1MT1H", "P1Y2M3W4DT5H6M7S"})
    void readsIso8601Durations(String iso) {
        assertThat(IsoPeriod.parse(iso)).isPresent();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "P", "PT", "1M", "P1.5M", "P-1M", "p1m", "monthly", "P1H", "PT1D"})
    void refusesAnythingElse(String text) {
        assertThat(IsoPeriod.parse(text)).isEmpty();
    }

    @ParameterizedTest
    @CsvSource({"P1Y, P12M", "P1W, P7D", "P1D, PT24H"})
    void equalPeriodsAreEqualHoweverWritten(String a, String b) {
        assertThat(IsoPeriod.parse(a)).isEqualTo(IsoPeriod.parse(b));
    }

    @ParameterizedTest
    @CsvSource({"P1M, P1M, true", "P1M, P3M, true", "P1Y, P1M, true", "P3M, P2M, false", "P1W, P1D, true",
        "P2W, P4W, true", "P1M, P1W, false", "P1M, P30D, false", "P1D, PT8H, true", "P1D, PT7H, false"})
    void cadencesAlignWhenOneIsAWholeMultipleOfTheOther(String plan, String rateCard, boolean aligned) {
        assertThat(IsoPeriod.parse(plan).orElseThrow().alignsWith(IsoPeriod.parse(rateCard).orElseThrow()))
                .isEqualTo(aligned);
    }

    @ParameterizedTest
    @CsvSource({"PT1H, true", "PT59M, false", "PT3600S, true", "P1D, true", "P1M, true", "PT0S, false"})
    void anHourIsTheShortestPeriod(String iso, boolean longEnough) {
        assertThat(IsoPeriod.parse(iso).orElseThrow().atLeastAnHour()).isEqualTo(longEnough);
    }
}
