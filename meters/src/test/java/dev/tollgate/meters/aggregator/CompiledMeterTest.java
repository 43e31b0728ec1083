package dev.tollgate.meters.aggregator;

import static dev.tollgate.meters.Fixtures.json;
import static dev.tollgate.meters.Fixtures.meter;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.tollgate.meters.api.Aggregation;
import java.math.BigDecimal;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CompiledMeterTest {

    private static CompiledMeter grouped(String path) {
        return new CompiledMeter(meter(Aggregation.COUNT, null, Map.of("g", path)));
    }

    private static String groupValue(String data) {
        return grouped("$.g").groupValues(json(data)).get(0);
    }

    @Nested
    class GroupValues {

        @Test
        void stringIsTakenAsIs() {
            assertThat(groupValue("{\"g\":\"eu-west\"}")).isEqualTo("eu-west");
        }

        @Test
        void emptyStringStaysEmpty() {
            assertThat(groupValue("{\"g\":\"\"}")).isEmpty();
        }

        @ParameterizedTest(name = "{0} -> {1}")
        @CsvSource({
                "200, 200",
                "2e2, 200",
                "2E+2, 200",
                "1.50, 1.5",
                "1.0, 1",
                "0.0, 0",
                "-3.140, -3.14",
                "0.000001, 0.000001",
                "1e-7, 0.0000001",
                "12345678901234567890, 12345678901234567890",
        })
        void numberIsRenderedPlainlyWithoutTrailingZeros(String number, String expected) {
            assertThat(groupValue("{\"g\":" + number + "}")).isEqualTo(expected);
        }

        @Test
        void numericStringIsNotNormalised() {
            assertThat(groupValue("{\"g\":\"1.50\"}")).isEqualTo("1.50");
        }

        @Test
        void booleansAreRenderedAsText() {
            assertThat(groupValue("{\"g\":true}")).isEqualTo("true");
            assertThat(groupValue("{\"g\":false}")).isEqualTo("false");
        }

        @Test
        void missingValueIsEmpty() {
            assertThat(groupValue("{\"other\":1}")).isEmpty();
        }

        @Test
        void nullValueIsEmpty() {
            assertThat(groupValue("{\"g\":null}")).isEmpty();
        }

        @Test
        void objectValueIsEmpty() {
            assertThat(groupValue("{\"g\":{\"a\":1}}")).isEmpty();
        }

        @Test
        void arrayValueIsEmpty() {
            assertThat(groupValue("{\"g\":[1,2]}")).isEmpty();
        }

        @Test
        void absentOrNullDataGivesEmptyValues() {
            CompiledMeter meter = grouped("$.g");
            assertThat(meter.groupValues(null)).containsExactly("");
            assertThat(meter.groupValues(JsonNodeFactory.instance.nullNode())).containsExactly("");
            assertThat(meter.groupValues(JsonNodeFactory.instance.missingNode())).containsExactly("");
        }

        @Test
        void nestedPathsAreFollowed() {
            assertThat(grouped("$.request.region").groupValues(json("{\"request\":{\"region\":\"us\"}}")))
                    .containsExactly("us");
        }

        @Test
        void missingIntermediateObjectGivesEmptyValue() {
            assertThat(grouped("$.request.region").groupValues(json("{\"other\":1}"))).containsExactly("");
        }

        @Test
        void keysAndValuesFollowSortedKeyOrder() {
            CompiledMeter meter = new CompiledMeter(meter(Aggregation.COUNT, null,
                    Map.of("zone", "$.z", "method", "$.m", "path", "$.p")));

            assertThat(meter.groupKeys()).containsExactly("method", "path", "zone");
            assertThat(meter.groupValues(json("{\"z\":\"eu\",\"m\":\"GET\",\"p\":\"/v1\"}")))
                    .containsExactly("GET", "/v1", "eu");
        }
    }

    @Nested
    class Values {

        @Test
        void countMeterReadsNoValue() {
            CompiledMeter meter = new CompiledMeter(meter(Aggregation.COUNT, null));
            assertThat(meter.rawValue(json("{\"tokens\":5}"))).isNull();
            assertThat(meter.counts()).isTrue();
            assertThat(meter.countsDistinct()).isFalse();
        }

        @Test
        void valueIsReadAtTheValueProperty() {
            CompiledMeter meter = new CompiledMeter(meter(Aggregation.SUM, "$.usage.tokens"));
            assertThat(meter.rawValue(json("{\"usage\":{\"tokens\":5}}")).intValue()).isEqualTo(5);
            assertThat(meter.counts()).isFalse();
        }

        @Test
        void missingValueIsNull() {
            CompiledMeter meter = new CompiledMeter(meter(Aggregation.SUM, "$.tokens"));
            assertThat(CompiledMeter.numeric(meter.rawValue(json("{}")))).isNull();
            assertThat(meter.rawValue(null)).isNull();
        }

        @Test
        void uniqueCountMeterCountsDistinct() {
            assertThat(new CompiledMeter(meter(Aggregation.UNIQUE_COUNT, "$.user")).countsDistinct()).isTrue();
        }
    }

    @Nested
    class Numeric {

        @Test
        void floatIsReadExactly() {
            assertThat(CompiledMeter.numeric(json("0.1"))).isEqualTo(new BigDecimal("0.1"));
        }

        @Test
        void integerIsRead() {
            assertThat(CompiledMeter.numeric(json("42"))).isEqualByComparingTo("42");
        }

        @Test
        void numericStringIsRead() {
            assertThat(CompiledMeter.numeric(json("\"2.50\""))).isEqualTo(new BigDecimal("2.50"));
        }

        @Test
        void numericStringIsTrimmed() {
            assertThat(CompiledMeter.numeric(json("\" 7 \""))).isEqualByComparingTo("7");
        }

        @Test
        void exponentStringIsRead() {
            assertThat(CompiledMeter.numeric(json("\"1e3\""))).isEqualByComparingTo("1000");
        }

        @Test
        void nonNumericValuesAreNull() {
            assertThat(CompiledMeter.numeric(null)).isNull();
            assertThat(CompiledMeter.numeric(json("null"))).isNull();
            assertThat(CompiledMeter.numeric(json("\"abc\""))).isNull();
            assertThat(CompiledMeter.numeric(json("\"\""))).isNull();
            assertThat(CompiledMeter.numeric(json("\"NaN\""))).isNull();
            assertThat(CompiledMeter.numeric(json("true"))).isNull();
            assertThat(CompiledMeter.numeric(json("{\"a\":1}"))).isNull();
            assertThat(CompiledMeter.numeric(json("[1]"))).isNull();
        }
    }
}
