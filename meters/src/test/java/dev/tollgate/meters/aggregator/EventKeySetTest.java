package dev.tollgate.meters.aggregator;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class EventKeySetTest {

    @Test
    void agreesWithAHashSetThroughGrowthClearsAndMerges() {
        Random random = new Random(42);
        EventKeySet set = new EventKeySet();
        EventKeySet other = new EventKeySet();
        Set<EventKey> oracle = new HashSet<>();
        Set<EventKey> otherOracle = new HashSet<>();
        for (int round = 0; round < 20; round++) {
            int n = random.nextInt(5_000);
            for (int i = 0; i < n; i++) {
                // Few distinct values per half, so that slots collide and keys repeat.
                EventKey key = new EventKey(random.nextInt(3_000), random.nextInt(4) * 0x1_0000_0000L);
                boolean toOther = random.nextInt(4) == 0;
                assertThat((toOther ? other : set).add(key)).isEqualTo((toOther ? otherOracle : oracle).add(key));
            }
            for (int i = 0; i < 2_000; i++) {
                EventKey probe = new EventKey(random.nextInt(3_000), random.nextInt(4) * 0x1_0000_0000L);
                assertThat(set.contains(probe)).isEqualTo(oracle.contains(probe));
            }
            assertThat(set.size()).isEqualTo(oracle.size());
            switch (random.nextInt(3)) {
                case 0 -> {
                    set.addAll(other);
                    oracle.addAll(otherOracle);
                    other.clear();
                    otherOracle.clear();
                }
                case 1 -> {
                    set.clear();
                    oracle.clear();
                }
                default -> {
                }
            }
            assertThat(set.size()).isEqualTo(oracle.size());
            assertThat(set.isEmpty()).isEqualTo(oracle.isEmpty());
            oracle.forEach(key -> assertThat(set.contains(key)).isTrue());
        }
    }

    @Test
    void aClearedSetHoldsNothingItHeldBefore() {
        EventKeySet set = new EventKeySet();
        EventKey key = new EventKey(7, 8);
        set.add(key);
        set.clear();

        assertThat(set.contains(key)).isFalse();
        assertThat(set.isEmpty()).isTrue();
        assertThat(set.add(key)).isTrue();
    }
}
