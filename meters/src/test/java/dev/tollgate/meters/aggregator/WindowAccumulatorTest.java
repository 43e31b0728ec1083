package dev.tollgate.meters.aggregator;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class WindowAccumulatorTest {

    private final WindowAccumulator window = new WindowAccumulator();

    private void add(String value, long at) {
        window.add(new BigDecimal(value), at);
    }

    @Test
    void emptyWindowReadsAsZero() {
        assertThat(window.sum()).isEqualByComparingTo("0");
        assertThat(window.count()).isZero();
        assertThat(window.min()).isEqualByComparingTo("0");
        assertThat(window.max()).isEqualByComparingTo("0");
        assertThat(window.latestValue()).isEqualByComparingTo("0");
        assertThat(window.latestAtMillis()).isEqualTo(Long.MIN_VALUE);
        assertThat(window.distinct()).isEmpty();
    }

    @Test
    void sumAndCountAdd() {
        add("0.1", 1);
        add("0.2", 2);

        assertThat(window.sum()).isEqualTo(new BigDecimal("0.3"));
        assertThat(window.count()).isEqualTo(2);
    }

    @Test
    void minAndMaxOfASingleValueAreThatValue() {
        add("-4", 1);

        assertThat(window.min()).isEqualByComparingTo("-4");
        assertThat(window.max()).isEqualByComparingTo("-4");
    }

    @Test
    void minAndMaxTrackExtremesWhateverTheOrder() {
        add("3", 1);
        add("-1", 2);
        add("7", 3);
        add("2", 4);

        assertThat(window.min()).isEqualByComparingTo("-1");
        assertThat(window.max()).isEqualByComparingTo("7");
    }

    @Test
    void minAndMaxCompareByValueNotScale() {
        add("2.50", 1);
        add("10", 2);

        assertThat(window.max()).isEqualByComparingTo("10");
        assertThat(window.min()).isEqualByComparingTo("2.5");
    }

    @Test
    void latestIsTheValueWithTheLatestEventTime() {
        add("1", 300);
        add("2", 100);
        add("3", 200);

        assertThat(window.latestValue()).isEqualByComparingTo("1");
        assertThat(window.latestAtMillis()).isEqualTo(300);
    }

    @Test
    void latestTieGoesToTheValueAddedLast() {
        add("1", 100);
        add("2", 100);

        assertThat(window.latestValue()).isEqualByComparingTo("2");
    }

    @Test
    void latestWorksForTimesBeforeTheEpoch() {
        add("1", -5_000);

        assertThat(window.latestValue()).isEqualByComparingTo("1");
        assertThat(window.latestAtMillis()).isEqualTo(-5_000);
    }

    @Test
    void distinctValuesAreASetAndEveryAddCounts() {
        window.addDistinct("a", 1);
        window.addDistinct("b", 2);
        window.addDistinct("a", 3);

        assertThat(window.distinct()).containsExactly("a", "b");
        assertThat(window.count()).isEqualTo(3);
        assertThat(window.latestAtMillis()).isEqualTo(3);
    }

    @Test
    void distinctValuesAreCaseSensitive() {
        window.addDistinct("Ann", 1);
        window.addDistinct("ann", 1);

        assertThat(window.distinct()).hasSize(2);
    }

    @Test
    void distinctAddsLeaveNumericAggregatesAlone() {
        window.addDistinct("x", 10);

        assertThat(window.sum()).isEqualByComparingTo("0");
        assertThat(window.latestValue()).isEqualByComparingTo("0");
    }
}
