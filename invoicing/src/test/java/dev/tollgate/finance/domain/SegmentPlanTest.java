package dev.tollgate.finance.domain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tollgate.ingest.api.SubjectAttribution;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SegmentPlanTest {

    private static final Instant FROM = Instant.parse("2026-01-01T00:00:00Z");
    private static final Instant TO = Instant.parse("2027-01-01T00:00:00Z");
    private static final int PER_QUERY = 100;

    @Test
    void withoutChangesEachPriceSegmentIsOneRead() {
        Map<String, List<SubjectAttribution>> held = Map.of("c1", List.of(new SubjectAttribution("s1", FROM, TO)),
                "c2", List.of(new SubjectAttribution("s2", FROM, TO)));
        SegmentPlan plan = SegmentPlan.of(FROM, TO, List.of(Instant.parse("2026-06-01T00:00:30Z")), held, PER_QUERY);

        assertThat(plan.segments()).extracting(SegmentPlan.Segment::from)
                .containsExactly(FROM, Instant.parse("2026-06-01T00:01:00Z"));
        assertThat(plan.segments()).allSatisfy(s -> assertThat(s.changing()).isEmpty());
        assertThat(plan.readsPerFeature()).isEqualTo(2);
        assertThat(plan.customerAt("s2", Instant.parse("2026-09-01T00:00:00Z"))).isEqualTo("c2");
    }

    @Test
    void customersCreatedAtDistinctMinutesAddABoundedNumberOfReads() {
        int customers = 5000;
        Map<String, List<SubjectAttribution>> held = new HashMap<>();
        long minutes = Duration.between(FROM, TO).toMinutes();
        for (int i = 0; i < customers; i++) {
            // Created at distinct minutes (and seconds) through the year, each with its subject from then on.
            Instant created = FROM.plus(Duration.ofMinutes(1 + i * (minutes - 2) / customers)).plusSeconds(7);
            held.put("c" + i, List.of(new SubjectAttribution("s" + i, created, TO)));
        }
        List<Instant> priceChanges = List.of(Instant.parse("2026-04-01T00:00:00Z"),
                Instant.parse("2026-10-01T00:00:00Z"));

        SegmentPlan plan = SegmentPlan.of(FROM, TO, priceChanges, held, PER_QUERY);

        assertThat(plan.segments()).hasSize(3);
        // Each changing subject has two stretches (no one's, then its customer's): 50 subjects per batch.
        int changing = plan.segments().stream().mapToInt(s -> s.changing().size()).sum();
        assertThat(changing).isEqualTo(customers);
        int batches = plan.segments().stream().mapToInt(s -> s.batches().size()).sum();
        assertThat(batches).isLessThanOrEqualTo(customers * 2 / PER_QUERY + plan.segments().size());
        assertThat(plan.readsPerFeature()).isEqualTo(plan.segments().size() + batches).isLessThan(110);
        // Cutting the whole range at every change would read 5002 segments per feature.
        plan.segments().forEach(s -> s.batches().forEach(b -> assertThat(b.size()).isLessThanOrEqualTo(PER_QUERY)));
    }

    @Test
    void aChangingSubjectIsTiledByItsHoldersAndOnlyWhereItChanges() {
        Instant moved = Instant.parse("2026-03-01T12:00:20Z");
        Instant released = Instant.parse("2026-05-01T00:00:00Z");
        Instant claimed = Instant.parse("2026-05-02T00:00:00Z");
        Map<String, List<SubjectAttribution>> held = new HashMap<>();
        held.put("a", List.of(new SubjectAttribution("shared", FROM, moved),
                new SubjectAttribution("steady", FROM, TO)));
        held.put("b", List.of(new SubjectAttribution("shared", moved, released),
                // Held for a few seconds within one minute: no usage minute was b's.
                new SubjectAttribution("blip", Instant.parse("2026-07-01T00:00:10Z"),
                        Instant.parse("2026-07-01T00:00:50Z"))));
        held.put("c", List.of(new SubjectAttribution("shared", claimed, TO)));

        SegmentPlan plan = SegmentPlan.of(FROM, TO, List.of(), held, PER_QUERY);

        SegmentPlan.Segment only = plan.segments().get(0);
        assertThat(only.changing()).containsExactly("shared");
        Instant movedMinute = Instant.parse("2026-03-01T12:01:00Z");
        assertThat(only.batches()).containsExactly(List.of(
                new SegmentPlan.Holding("shared", "a", FROM, movedMinute),
                new SegmentPlan.Holding("shared", "b", movedMinute, released),
                new SegmentPlan.Holding("shared", null, released, claimed),
                new SegmentPlan.Holding("shared", "c", claimed, TO)));
        assertThat(plan.customerAt("shared", Instant.parse("2026-03-01T12:00:00Z"))).isEqualTo("a");
        assertThat(plan.customerAt("shared", movedMinute)).isEqualTo("b");
        assertThat(plan.customerAt("blip", Instant.parse("2026-07-01T00:00:00Z"))).isNull();
        assertThat(plan.readsPerFeature()).isEqualTo(2);
    }

    @Test
    void aSubjectWithMoreStretchesThanABatchHoldsIsReadInABatchOfItsOwn() {
        List<SubjectAttribution> busy = new ArrayList<>();
        List<SubjectAttribution> other = new ArrayList<>();
        for (int day = 0; day < 300; day += 2) {
            busy.add(new SubjectAttribution("busy", FROM.plus(Duration.ofDays(day)),
                    FROM.plus(Duration.ofDays(day + 1))));
        }
        other.add(new SubjectAttribution("late", FROM.plus(Duration.ofDays(3)), TO));
        SegmentPlan plan = SegmentPlan.of(FROM, TO, List.of(), Map.of("a", busy, "b", other), PER_QUERY);

        List<List<SegmentPlan.Holding>> batches = plan.segments().get(0).batches();
        assertThat(batches).hasSize(2);
        assertThat(batches.get(0)).allSatisfy(h -> assertThat(h.subject()).isEqualTo("busy")).hasSize(300);
        assertThat(batches.get(1)).extracting(SegmentPlan.Holding::subject).containsOnly("late");
    }
}
