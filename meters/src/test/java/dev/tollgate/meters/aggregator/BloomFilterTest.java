package dev.tollgate.meters.aggregator;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BloomFilterTest {

    @Test
    void neverForgetsAKeyItWasGiven() {
        BloomFilter filter = new BloomFilter(10_000);
        for (int i = 0; i < 10_000; i++) {
            filter.add(EventKey.of("ns", "src", "id-" + i));
        }
        for (int i = 0; i < 10_000; i++) {
            assertThat(filter.mightContain(EventKey.of("ns", "src", "id-" + i))).isTrue();
        }
        assertThat(filter.isFull()).isTrue();
    }

    @Test
    void falsePositivesStayNearOnePercentAtCapacity() {
        BloomFilter filter = new BloomFilter(50_000);
        for (int i = 0; i < 50_000; i++) {
            filter.add(EventKey.of("ns", "src", "in-" + i));
        }
        int falsePositives = 0;
        for (int i = 0; i < 100_000; i++) {
            if (filter.mightContain(EventKey.of("ns", "src", "out-" + i))) {
                falsePositives++;
            }
        }
        assertThat(falsePositives).isLessThan(2_000);
    }

    @Test
    void aStricterFilterErrsAtItsRate() {
        BloomFilter filter = new BloomFilter(50_000, 0.001);
        for (int i = 0; i < 50_000; i++) {
            filter.add(EventKey.of("ns", "src", "in-" + i));
        }
        int falsePositives = 0;
        for (int i = 0; i < 200_000; i++) {
            if (filter.mightContain(EventKey.of("ns", "src", "out-" + i))) {
                falsePositives++;
            }
        }
        assertThat(falsePositives).isLessThan(400);
    }

    @Test
    void aBusyDayStaysUnderTwoInAThousandAcrossItsFilters() {
        SeenKeys seen = new SeenKeys();
        java.time.LocalDate day = java.time.LocalDate.of(2026, 1, 15);
        for (int i = 0; i < 3_000_000; i++) {
            seen.add(EventKey.of("ns", "src", "in-" + i), day);
        }
        int falsePositives = 0;
        for (int i = 0; i < 200_000; i++) {
            if (seen.mightContain(EventKey.of("ns", "src", "out-" + i))) {
                falsePositives++;
            }
        }
        assertThat(falsePositives).isLessThan(400);
    }

    @Test
    void keysDifferByNamespaceSourceAndId() {
        assertThat(EventKey.of("a", "b", "c")).isEqualTo(EventKey.of("a", "b", "c"))
                .isNotEqualTo(EventKey.of("a", "bc", ""))
                .isNotEqualTo(EventKey.of("ab", "", "c"))
                .isNotEqualTo(EventKey.of("x", "b", "c"));
    }
}
