package dev.tollgate.meters.aggregator;

import static dev.tollgate.meters.Fixtures.NAMESPACE;
import static dev.tollgate.meters.Fixtures.event;
import static dev.tollgate.meters.Fixtures.meter;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tollgate.ingest.api.IngestedEvent;
import dev.tollgate.meters.api.Aggregation;
import dev.tollgate.meters.api.Meter;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class UsageFolderTest {

    private final WindowBatch batch = new WindowBatch();

    private int fold(IngestedEvent event, Meter... meters) {
        return UsageFolder.fold(event, List.of(meters).stream().map(CompiledMeter::new).toList(), batch);
    }

    private int fold(IngestedEvent event, List<CompiledMeter> meters) {
        return UsageFolder.fold(event, meters, batch);
    }

    /** The only window in the batch. */
    private WindowAccumulator onlyWindow() {
        assertThat(batch.windows()).hasSize(1);
        return batch.windows().values().iterator().next();
    }

    private WindowKey onlyKey() {
        assertThat(batch.windows()).hasSize(1);
        return batch.windows().keySet().iterator().next();
    }

    private static long epochSecond(String time) {
        return Instant.parse(time).getEpochSecond();
    }

    @Test
    void noMetersFoldsNothing() {
        assertThat(fold(event("2026-01-31T12:00:00Z", "{}"), List.of())).isZero();
        assertThat(batch.windows()).isEmpty();
    }

    @Test
    void foldReturnsHowManyMetersTookTheEvent() {
        Meter count = meter(Aggregation.COUNT, null);
        Meter sum = meter(Aggregation.SUM, "$.tokens");
        Meter max = meter(Aggregation.MAX, "$.missing");

        assertThat(fold(event("2026-01-31T12:00:00Z", "{\"tokens\":3}"), count, sum, max)).isEqualTo(2);
        assertThat(batch.windows()).hasSize(2);
    }

    @Test
    void windowKeyNamesNamespaceMeterSubjectMinuteAndGroups() {
        Meter meter = meter(Aggregation.COUNT, null, Map.of("region", "$.region"));

        fold(event("customer-9", "2026-01-31T12:34:56Z", "{\"region\":\"eu\"}"), meter);

        assertThat(onlyKey()).isEqualTo(new WindowKey(NAMESPACE, meter.id(), "customer-9",
                epochSecond("2026-01-31T12:34:00Z"), List.of("region"), List.of("eu")));
    }

    @Nested
    class Count {

        private final Meter meter = meter(Aggregation.COUNT, null);

        @Test
        void countsEveryEventWhateverItsData() {
            fold(event("2026-01-31T12:00:01Z", "{\"tokens\":5}"), meter);
            fold(event("2026-01-31T12:00:02Z", "{}"), meter);
            fold(event("2026-01-31T12:00:03Z", null), meter);
            fold(event("2026-01-31T12:00:04Z", "{\"tokens\":\"not a number\"}"), meter);

            assertThat(onlyWindow().count()).isEqualTo(4);
            assertThat(onlyWindow().sum()).isEqualByComparingTo("4");
        }

        @Test
        void countFoldReportsOneMeter() {
            assertThat(fold(event("2026-01-31T12:00:01Z", null), meter)).isEqualTo(1);
        }
    }

    @Nested
    class Sum {

        private final Meter meter = meter(Aggregation.SUM, "$.amount");

        @Test
        void sumsDecimalsExactly() {
            fold(event("2026-01-31T12:00:01Z", "{\"amount\":0.1}"), meter);
            fold(event("2026-01-31T12:00:02Z", "{\"amount\":0.2}"), meter);

            assertThat(onlyWindow().sum()).isEqualTo(new BigDecimal("0.3"));
        }

        @Test
        void sumsNumericStringsWithNumbers() {
            fold(event("2026-01-31T12:00:01Z", "{\"amount\":\"1.25\"}"), meter);
            fold(event("2026-01-31T12:00:02Z", "{\"amount\":2}"), meter);
            fold(event("2026-01-31T12:00:03Z", "{\"amount\":\"1e2\"}"), meter);

            assertThat(onlyWindow().sum()).isEqualByComparingTo("103.25");
            assertThat(onlyWindow().count()).isEqualTo(3);
        }

        @Test
        void sumsLargeIntegersWithoutOverflow() {
            fold(event("2026-01-31T12:00:01Z", "{\"amount\":9223372036854775807}"), meter);
            fold(event("2026-01-31T12:00:02Z", "{\"amount\":9223372036854775807}"), meter);

            assertThat(onlyWindow().sum()).isEqualTo(new BigDecimal("18446744073709551614"));
        }

        @Test
        void sumsNegativeValues() {
            fold(event("2026-01-31T12:00:01Z", "{\"amount\":5}"), meter);
            fold(event("2026-01-31T12:00:02Z", "{\"amount\":-7.5}"), meter);

            assertThat(onlyWindow().sum()).isEqualByComparingTo("-2.5");
        }

        @Test
        void skipsEventsWithoutAUsableValue() {
            List<String> unusable = List.of("{}", "{\"amount\":null}", "{\"amount\":\"abc\"}", "{\"amount\":true}",
                    "{\"amount\":{\"v\":1}}", "{\"amount\":[1]}");
            for (String data : unusable) {
                assertThat(fold(event("2026-01-31T12:00:01Z", data), meter)).as(data).isZero();
            }
            assertThat(fold(event("2026-01-31T12:00:01Z", null), meter)).isZero();

            assertThat(batch.windows()).isEmpty();
        }

        @Test
        void refusesValuesTooLargeForTheStoredDecimal() {
            assertThat(fold(event("2026-01-31T12:00:01Z", "{\"amount\":1e20}"), meter)).isZero();
            assertThat(fold(event("2026-01-31T12:00:01Z", "{\"amount\":\"-1e21\"}"), meter)).isZero();
            assertThat(fold(event("2026-01-31T12:00:01Z", "{\"amount\":99999999999999999999}"), meter)).isOne();
        }

        @Test
        void skippedEventsDoNotCountTowardsAWindow() {
            fold(event("2026-01-31T12:00:01Z", "{\"amount\":4}"), meter);
            fold(event("2026-01-31T12:00:02Z", "{\"amount\":\"x\"}"), meter);

            assertThat(onlyWindow().count()).isEqualTo(1);
            assertThat(onlyWindow().sum()).isEqualByComparingTo("4");
        }
    }

    @Nested
    class MinuteWindows {

        private final Meter meter = meter(Aggregation.COUNT, null);

        @Test
        void lastMillisecondOfAMinuteStaysInIt() {
            fold(event("2026-01-31T12:00:00Z", null), meter);
            fold(event("2026-01-31T12:00:59.999Z", null), meter);

            assertThat(onlyKey().windowStartEpochSecond()).isEqualTo(epochSecond("2026-01-31T12:00:00Z"));
            assertThat(onlyWindow().count()).isEqualTo(2);
        }

        @Test
        void sixtySecondsMovesToTheNextMinute() {
            fold(event("2026-01-31T12:00:59.999Z", null), meter);
            fold(event("2026-01-31T12:01:00Z", null), meter);

            assertThat(batch.windows().keySet()).extracting(WindowKey::windowStartEpochSecond)
                    .containsExactlyInAnyOrder(epochSecond("2026-01-31T12:00:00Z"),
                            epochSecond("2026-01-31T12:01:00Z"));
        }

        @Test
        void offsetTimeIsBucketedInUtc() {
            IngestedEvent event = event("2026-01-31T12:00:30Z", null);
            event.event().put("time", "2026-01-31T17:30:30+05:30");

            fold(event, meter);

            assertThat(onlyKey().windowStartEpochSecond()).isEqualTo(epochSecond("2026-01-31T12:00:00Z"));
        }

        @Test
        void timeBeforeTheEpochIsFlooredNotTruncated() {
            fold(event("1969-12-31T23:59:59.500Z", null), meter);

            assertThat(onlyKey().windowStartEpochSecond()).isEqualTo(-60);
        }

        @Test
        void epochItselfStartsWindowZero() {
            fold(event("1970-01-01T00:00:00Z", null), meter);

            assertThat(onlyKey().windowStartEpochSecond()).isZero();
        }

        @Test
        void subjectsHaveSeparateWindows() {
            fold(event("customer-1", "2026-01-31T12:00:01Z", null), meter);
            fold(event("customer-2", "2026-01-31T12:00:02Z", null), meter);

            assertThat(batch.windows().keySet()).extracting(WindowKey::subject)
                    .containsExactlyInAnyOrder("customer-1", "customer-2");
        }
    }

    @Nested
    class Groups {

        private final Meter meter = meter(Aggregation.COUNT, null, Map.of("region", "$.region", "status", "$.status"));

        @Test
        void differentGroupValuesHaveSeparateWindows() {
            fold(event("2026-01-31T12:00:01Z", "{\"region\":\"eu\",\"status\":200}"), meter);
            fold(event("2026-01-31T12:00:02Z", "{\"region\":\"us\",\"status\":200}"), meter);
            fold(event("2026-01-31T12:00:03Z", "{\"region\":\"eu\",\"status\":200}"), meter);

            assertThat(batch.windows()).hasSize(2);
            assertThat(batch.windows().keySet()).extracting(WindowKey::groupValues)
                    .containsExactlyInAnyOrder(List.of("eu", "200"), List.of("us", "200"));
        }

        @Test
        void numberAndItsExponentFormShareAWindow() {
            fold(event("2026-01-31T12:00:01Z", "{\"region\":\"eu\",\"status\":200}"), meter);
            fold(event("2026-01-31T12:00:02Z", "{\"region\":\"eu\",\"status\":2E+2}"), meter);
            fold(event("2026-01-31T12:00:03Z", "{\"region\":\"eu\",\"status\":200.0}"), meter);

            assertThat(onlyKey().groupValues()).containsExactly("eu", "200");
            assertThat(onlyWindow().count()).isEqualTo(3);
        }

        @Test
        void missingAndContainerValuesGroupAsEmpty() {
            fold(event("2026-01-31T12:00:01Z", "{\"region\":{\"name\":\"eu\"}}"), meter);
            fold(event("2026-01-31T12:00:02Z", "{\"region\":[\"eu\"],\"status\":null}"), meter);
            fold(event("2026-01-31T12:00:03Z", null), meter);

            assertThat(onlyKey().groupKeys()).containsExactly("region", "status");
            assertThat(onlyKey().groupValues()).containsExactly("", "");
            assertThat(onlyWindow().count()).isEqualTo(3);
        }

        @Test
        void booleansGroupAsText() {
            fold(event("2026-01-31T12:00:01Z", "{\"region\":true,\"status\":false}"), meter);

            assertThat(onlyKey().groupValues()).containsExactly("true", "false");
        }
    }

    @Nested
    class EventFrom {

        private final Meter meter = meter(Aggregation.COUNT, null, Map.of(), Instant.parse("2026-01-31T12:00:00Z"));

        @Test
        void eventsBeforeEventFromAreSkipped() {
            assertThat(fold(event("2026-01-31T11:59:59.999Z", null), meter)).isZero();
            assertThat(batch.windows()).isEmpty();
        }

        @Test
        void eventAtEventFromIsCounted() {
            assertThat(fold(event("2026-01-31T12:00:00Z", null), meter)).isEqualTo(1);
        }

        @Test
        void eventsAfterEventFromAreCounted() {
            assertThat(fold(event("2026-02-01T00:00:00Z", null), meter)).isEqualTo(1);
        }

        @Test
        void onlyTheMeterWithEventFromSkips() {
            Meter always = meter(Aggregation.SUM, "$.n");

            assertThat(fold(event("2026-01-31T11:00:00Z", "{\"n\":1}"), meter, always)).isEqualTo(1);
            assertThat(onlyKey().meterId()).isEqualTo(always.id());
        }
    }

    @Nested
    class MinMaxLatest {

        @Test
        void minAndMaxCompareNumerically() {
            Meter meter = meter(Aggregation.MAX, "$.v");
            fold(event("2026-01-31T12:00:01Z", "{\"v\":9}"), meter);
            fold(event("2026-01-31T12:00:02Z", "{\"v\":\"10\"}"), meter);
            fold(event("2026-01-31T12:00:03Z", "{\"v\":-2.5}"), meter);

            assertThat(onlyWindow().max()).isEqualByComparingTo("10");
            assertThat(onlyWindow().min()).isEqualByComparingTo("-2.5");
        }

        @Test
        void latestGoesByEventTimeNotFoldOrder() {
            Meter meter = meter(Aggregation.LATEST, "$.v");
            fold(event("2026-01-31T12:00:30Z", "{\"v\":5}"), meter);
            fold(event("2026-01-31T12:00:10Z", "{\"v\":9}"), meter);

            assertThat(onlyWindow().latestValue()).isEqualByComparingTo("5");
            assertThat(onlyWindow().latestAtMillis())
                    .isEqualTo(Instant.parse("2026-01-31T12:00:30Z").toEpochMilli());
        }

        @Test
        void latestTieGoesToTheLaterFoldedEvent() {
            Meter meter = meter(Aggregation.LATEST, "$.v");
            fold(event("2026-01-31T12:00:30Z", "{\"v\":5}"), meter);
            fold(event("2026-01-31T12:00:30Z", "{\"v\":7}"), meter);

            assertThat(onlyWindow().latestValue()).isEqualByComparingTo("7");
        }

        @Test
        void averageKeepsSumAndCount() {
            Meter meter = meter(Aggregation.AVG, "$.v");
            fold(event("2026-01-31T12:00:01Z", "{\"v\":1}"), meter);
            fold(event("2026-01-31T12:00:02Z", "{\"v\":2}"), meter);

            assertThat(onlyWindow().sum()).isEqualByComparingTo("3");
            assertThat(onlyWindow().count()).isEqualTo(2);
        }
    }

    @Nested
    class UniqueCount {

        private final Meter meter = meter(Aggregation.UNIQUE_COUNT, "$.user");

        @Test
        void keepsTheDistinctValues() {
            fold(event("2026-01-31T12:00:01Z", "{\"user\":\"ann\"}"), meter);
            fold(event("2026-01-31T12:00:02Z", "{\"user\":\"bob\"}"), meter);
            fold(event("2026-01-31T12:00:03Z", "{\"user\":\"ann\"}"), meter);

            assertThat(onlyWindow().distinct()).containsExactlyInAnyOrder("ann", "bob");
            assertThat(onlyWindow().count()).isEqualTo(3);
        }

        @Test
        void numbersAndBooleansAreKeptAsText() {
            fold(event("2026-01-31T12:00:01Z", "{\"user\":42}"), meter);
            fold(event("2026-01-31T12:00:02Z", "{\"user\":\"42\"}"), meter);
            fold(event("2026-01-31T12:00:03Z", "{\"user\":true}"), meter);

            assertThat(onlyWindow().distinct()).containsExactlyInAnyOrder("42", "true");
        }

        @Test
        void skipsMissingNullAndContainerValues() {
            for (String data : List.of("{}", "{\"user\":null}", "{\"user\":{\"id\":1}}", "{\"user\":[1]}")) {
                assertThat(fold(event("2026-01-31T12:00:01Z", data), meter)).as(data).isZero();
            }
            assertThat(batch.windows()).isEmpty();
        }

        @Test
        void emptyStringIsADistinctValue() {
            assertThat(fold(event("2026-01-31T12:00:01Z", "{\"user\":\"\"}"), meter)).isEqualTo(1);
            assertThat(onlyWindow().distinct()).containsExactly("");
        }
    }
}
