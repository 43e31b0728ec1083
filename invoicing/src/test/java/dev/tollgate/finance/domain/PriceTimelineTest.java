package dev.tollgate.finance.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class PriceTimelineTest {

    private static final Instant JAN = Instant.parse("2026-01-01T00:00:00Z");
    private static final Instant FEB = Instant.parse("2026-02-01T00:00:00Z");
    private static final Instant MAR = Instant.parse("2026-03-01T00:00:00Z");
    private static final Instant APR = Instant.parse("2026-04-01T00:00:00Z");

    static LlmPrice price(String id, Instant from, Instant to, String input) {
        return new LlmPrice(id, "ns", "openai", "gpt-4o", null, "USD", new LlmPricing(new BigDecimal(input),
                BigDecimal.ONE, null, null, null), from, to, JAN, JAN);
    }

    @Test
    void aLaterPriceEndsTheOneBeforeItAndAnExplicitEndLeavesAGap() {
        LlmPrice jan = price("jan", JAN, null, "1");
        LlmPrice mar = price("mar", MAR, APR, "3");
        PriceTimeline timeline = PriceTimeline.of(List.of(mar, jan));
        assertThat(timeline.endOf(jan)).isEqualTo(MAR);
        assertThat(timeline.endOf(mar)).isEqualTo(APR);
        assertThat(timeline.at(JAN.minusSeconds(1))).isEmpty();
        assertThat(timeline.at(JAN)).contains(jan);
        assertThat(timeline.at(MAR.minusNanos(1))).contains(jan);
        assertThat(timeline.at(MAR)).contains(mar);
        assertThat(timeline.at(APR)).isEmpty();
        assertThat(timeline.changesWithin(JAN, APR.plusSeconds(1))).containsExactly(MAR, APR);
        assertThat(timeline.changesWithin(JAN.plusSeconds(1), MAR)).isEmpty();
    }

    @Test
    void aNewPriceMayNotStartWithOverlapOrRewriteThePast() {
        PriceTimeline timeline = PriceTimeline.of(List.of(price("jan", JAN, null, "1"),
                price("mar", MAR, APR, "3")));
        Instant now = FEB;
        assertThat(timeline.conflict(JAN, null, now)).hasValueSatisfying(r -> r.contains("already takes effect"));
        assertThat(timeline.conflict(JAN.plusSeconds(60), null, now)).hasValueSatisfying(r -> r.contains("history"));
        assertThat(timeline.conflict(MAR.plusSeconds(60), null, now)).hasValueSatisfying(r -> r.contains("overlaps"));
        assertThat(timeline.conflict(FEB.plusSeconds(60), MAR.plusSeconds(60), now)).isPresent();
        // The future before March: takes over from the January price there, which has not happened yet.
        assertThat(timeline.conflict(FEB.plusSeconds(60), null, now)).isEmpty();
        assertThat(timeline.conflict(APR, null, now)).isEmpty();
        // A past gap, where usage had no price, may be filled.
        assertThat(timeline.conflict(JAN.minusSeconds(3600), null, now)).isEmpty();
        assertThat(PriceTimeline.of(List.of()).conflict(JAN, FEB, MAR)).isEmpty();
    }
}
