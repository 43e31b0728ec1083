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
    void keysDifferByNamespaceSourceAndId() {
        assertThat(EventKey.of("a", "b", "c")).isEqualTo(EventKey.of("a", "b", "c"))
                .isNotEqualTo(EventKey.of("a", "bc", ""))
                .isNotEqualTo(EventKey.of("ab", "", "c"))
                .isNotEqualTo(EventKey.of("x", "b", "c"));
    }
}
