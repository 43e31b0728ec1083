package dev.tollgate.meters.service;

import dev.tollgate.meters.api.Aggregation;
import dev.tollgate.ingest.api.CustomerSubjects;
import dev.tollgate.meters.api.Meter;
import dev.tollgate.meters.domain.UsageQuery;
import dev.tollgate.meters.domain.UsageRow;
import dev.tollgate.meters.domain.WindowSize;
import dev.tollgate.shared.problem.ApiException;
import dev.tollgate.shared.problem.ValidationError;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import static dev.tollgate.meters.Fixtures.meter;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class UsageQueryServiceTest {

    private static final Meter METER = meter(Aggregation.SUM, "$.tokens",
            Map.of("model", "$.model", "region", "$.region"));

    /** The one customer the tests know: c1, billed for s1 and s2. */
    private static final CustomerSubjects CUSTOMERS = new CustomerSubjects() {
        @Override
        public Map<String, List<String>> subjectsOf(String namespace, java.util.Collection<String> ids) {
            return ids.contains("c1") ? Map.of("c1", List.of("s1", "s2")) : Map.of();
        }

        @Override
        public Map<String, String> customersOf(String namespace, java.util.Collection<String> subjects) {
            throw new UnsupportedOperationException("usage queries do not ask");
        }

        @Override
        public Map<String, List<dev.tollgate.ingest.api.SubjectAttribution>> attributionsOf(String namespace,
                java.util.Collection<String> ids, java.time.Instant from, java.time.Instant to) {
            return ids.contains("c1") ? Map.of("c1", List.of(
                    new dev.tollgate.ingest.api.SubjectAttribution("s1", from, to),
                    new dev.tollgate.ingest.api.SubjectAttribution("s2", from, to))) : Map.of();
        }
    };

    private final UsageQueryService service = new UsageQueryService(reader(query -> List.of()), CUSTOMERS);

    /** A reader that answers queries with the given function and has no subjects or group values. */
    private static UsageReader reader(java.util.function.Function<UsageQuery, List<UsageRow>> answer) {
        return new UsageReader() {
            @Override
            public List<UsageRow> query(UsageQuery query) {
                return answer.apply(query);
            }

            @Override
            public List<String> subjects(Meter meter) {
                return List.of();
            }

            @Override
            public List<String> groupValues(Meter meter, String key, Instant from, Instant to) {
                return List.of();
            }

            @Override
            public Map<String, dev.tollgate.meters.api.MeterUsage.Changes> changes(List<Meter> meters,
                    Instant writtenFrom) {
                return Map.of();
            }
        };
    }

    private static UsageQueryService.Request request(String from, String to) {
        return new UsageQueryService.Request(from, to, null, null, null, null, null, null);
    }

    private static UsageQueryService.Request windowSize(String windowSize) {
        return new UsageQueryService.Request(null, null, windowSize, null, null, null, null, null);
    }

    private static UsageQueryService.Request zone(String zone) {
        return new UsageQueryService.Request(null, null, null, zone, null, null, null, null);
    }

    private static UsageQueryService.Request grouping(List<String> subjects, List<String> groupBy) {
        return new UsageQueryService.Request(null, null, null, null, subjects, groupBy, null, null);
    }

    private UsageQuery validate(UsageQueryService.Request request) {
        return service.validate(METER, request);
    }

    private ApiException reject(UsageQueryService.Request request) {
        ApiException e = catchThrowableOfType(() -> validate(request), ApiException.class);
        assertThat(e).as("validation should fail").isNotNull();
        assertThat(e.status()).isEqualTo(400);
        return e;
    }

    private static ValidationError onlyError(ApiException e) {
        assertThat(e.validationErrors()).hasSize(1);
        return e.validationErrors().get(0);
    }

    @Test
    void emptyRequestMeansWholeRangeOneTotalInUtc() {
        UsageQuery query = validate(new UsageQueryService.Request(null, null, null, null, null, null, null, null));

        assertThat(query.meter()).isSameAs(METER);
        assertThat(query.from()).isNull();
        assertThat(query.to()).isNull();
        assertThat(query.windowSize()).isNull();
        assertThat(query.timeZone()).isEqualTo(ZoneId.of("UTC"));
        assertThat(query.subjects()).isEmpty();
        assertThat(query.groupBy()).isEmpty();
    }

    @Test
    void runPassesTheQueryToTheReader() {
        UsageQuery[] seen = new UsageQuery[1];
        UsageQueryService withReader = new UsageQueryService(reader(query -> {
            seen[0] = query;
            return List.of();
        }), CUSTOMERS);
        UsageQuery query = withReader.validate(METER, request(null, null));

        assertThat(withReader.run(query)).isEmpty();
        assertThat(seen[0]).isSameAs(query);
    }

    @Nested
    class Range {

        @Test
        void utcBoundsOnWholeMinutesAreAccepted() {
            UsageQuery query = validate(request("2026-01-01T00:00:00Z", "2026-01-02T00:00:00Z"));

            assertThat(query.from()).isEqualTo(Instant.parse("2026-01-01T00:00:00Z"));
            assertThat(query.to()).isEqualTo(Instant.parse("2026-01-02T00:00:00Z"));
        }

        @Test
        void offsetBoundsAreConvertedToInstants() {
            UsageQuery query = validate(request("2026-01-01T05:30:00+05:30", null));

            assertThat(query.from()).isEqualTo(Instant.parse("2026-01-01T00:00:00Z"));
        }

        @Test
        void boundsAreTrimmed() {
            assertThat(validate(request(" 2026-01-01T00:00:00Z ", null)).from())
                    .isEqualTo(Instant.parse("2026-01-01T00:00:00Z"));
        }

        @Test
        void blankBoundsAreOpen() {
            UsageQuery query = validate(request(" ", ""));

            assertThat(query.from()).isNull();
            assertThat(query.to()).isNull();
        }

        @Test
        void onlyFromOrOnlyToIsAllowed() {
            assertThat(validate(request("2026-01-01T00:00:00Z", null)).to()).isNull();
            assertThat(validate(request(null, "2026-01-01T00:00:00Z")).from()).isNull();
        }

        @ParameterizedTest
        @ValueSource(strings = {"2026-01-01", "2026-01-01T00:00:00", "yesterday", "1767225600",
                "2026-01-01 00:00:00Z"})
        void fromThatIsNotRfc3339IsRejected(String from) {
            ValidationError error = onlyError(reject(request(from, null)));

            assertThat(error.field()).isEqualTo("from");
            assertThat(error.code()).isEqualTo("format");
            assertThat(error.message()).startsWith("from must be an RFC 3339 timestamp");
        }

        @Test
        void toThatIsNotRfc3339IsRejected() {
            ValidationError error = onlyError(reject(request(null, "tomorrow")));

            assertThat(error.field()).isEqualTo("to");
            assertThat(error.code()).isEqualTo("format");
        }

        @ParameterizedTest
        @ValueSource(strings = {"2026-01-01T00:00:30Z", "2026-01-01T00:00:00.001Z", "2026-01-01T00:00:00.000000001Z",
                "2026-01-01T00:00:59.999999999Z"})
        void fromInsideAMinuteMovesToTheMinutesStart(String from) {
            assertThat(validate(request(from, null)).from()).isEqualTo(Instant.parse("2026-01-01T00:00:00Z"));
        }

        @Test
        void toInsideAMinuteMovesToTheMinutesStart() {
            assertThat(validate(request(null, "2026-01-01T00:00:01Z")).to())
                    .isEqualTo(Instant.parse("2026-01-01T00:00:00Z"));
        }

        @Test
        void theSdksMillisecondBoundsAreAccepted() {
            UsageQuery query = validate(request("2026-12-04T23:11:47.724Z", "2026-12-05T23:11:47.724Z"));

            assertThat(query.from()).isEqualTo(Instant.parse("2026-12-04T23:11:00Z"));
            assertThat(query.to()).isEqualTo(Instant.parse("2026-12-05T23:11:00Z"));
        }

        @Test
        void adjacentRangesShareEveryMinuteOnce() {
            UsageQuery first = validate(request("2026-01-01T00:00:00Z", "2026-01-01T10:15:37.5Z"));
            UsageQuery second = validate(request("2026-01-01T10:15:37.5Z", "2026-01-02T00:00:00Z"));

            assertThat(first.to()).isEqualTo(second.from()).isEqualTo(Instant.parse("2026-01-01T10:15:00Z"));
        }

        @Test
        void boundsInsideOneMinuteAreValidAndReadNothing() {
            UsageQuery query = validate(request("2026-01-01T00:00:10Z", "2026-01-01T00:00:50Z"));

            assertThat(query.from()).isEqualTo(query.to());
        }

        @Test
        void boundsOutOfOrderInsideOneMinuteAreStillRejected() {
            assertThat(onlyError(reject(request("2026-01-01T00:00:50Z", "2026-01-01T00:00:10Z"))).field())
                    .isEqualTo("from");
        }

        @Test
        void wholeMinuteBeforeTheEpochIsAccepted() {
            assertThat(validate(request("1969-12-31T23:59:00Z", null)).from())
                    .isEqualTo(Instant.parse("1969-12-31T23:59:00Z"));
        }

        @Test
        void partialMinuteBeforeTheEpochMovesToItsStart() {
            assertThat(validate(request("1969-12-31T23:59:30Z", null)).from())
                    .isEqualTo(Instant.parse("1969-12-31T23:59:00Z"));
        }

        @Test
        void halfHourOffsetOnAWholeMinuteIsAccepted() {
            assertThat(validate(request("2026-01-01T00:01:00+05:30", null)).from())
                    .isEqualTo(Instant.parse("2025-12-31T18:31:00Z"));
        }

        @Test
        void fromEqualToToIsRejected() {
            ValidationError error = onlyError(reject(request("2026-01-01T00:00:00Z", "2026-01-01T00:00:00Z")));

            assertThat(error).isEqualTo(new ValidationError("from", "range", "from must be before to"));
        }

        @Test
        void fromAfterToIsRejected() {
            assertThat(onlyError(reject(request("2026-01-02T00:00:00Z", "2026-01-01T00:00:00Z"))).field())
                    .isEqualTo("from");
        }

        @Test
        void rangeIsComparedAsInstantsAcrossOffsets() {
            // 01:00+02:00 is 23:00Z the day before, so it is before 00:00Z.
            UsageQuery query = validate(request("2026-01-01T01:00:00+02:00", "2026-01-01T00:00:00Z"));

            assertThat(query.from()).isBefore(query.to());
        }

        @ParameterizedTest
        @ValueSource(strings = {"2026-01-01T00:00Z", "2026-01-01T00:00:00+05"})
        void boundsThatAreIsoButNotRfc3339AreRejected(String from) {
            assertThat(onlyError(reject(request(from, null))).code()).isEqualTo("format");
        }
    }

    @Nested
    class WindowSizes {

        @ParameterizedTest
        @ValueSource(strings = {"MINUTE", "HOUR", "DAY", "MONTH"})
        void upperCaseNamesAreAccepted(String name) {
            assertThat(validate(windowSize(name)).windowSize()).isEqualTo(WindowSize.valueOf(name));
        }

        @Test
        void namesAreCaseInsensitiveAndTrimmed() {
            assertThat(validate(windowSize("hour")).windowSize()).isEqualTo(WindowSize.HOUR);
            assertThat(validate(windowSize("Day")).windowSize()).isEqualTo(WindowSize.DAY);
            assertThat(validate(windowSize(" month ")).windowSize()).isEqualTo(WindowSize.MONTH);
        }

        @Test
        void blankMeansNoWindows() {
            assertThat(validate(windowSize(" ")).windowSize()).isNull();
        }

        @ParameterizedTest
        @ValueSource(strings = {"WEEK", "SECOND", "minutes", "1h", "D"})
        void unknownSizeIsRejectedNamingWindowSize(String name) {
            ValidationError error = onlyError(reject(windowSize(name)));

            assertThat(error.field()).isEqualTo("windowSize");
            assertThat(error.code()).isEqualTo("unknown");
            assertThat(error.message()).isEqualTo("windowSize must be one of " + Arrays.toString(WindowSize.values())
                    + ", not '" + name + "'");
        }
    }

    @Nested
    class TimeZones {

        @Test
        void missingZoneIsUtc() {
            assertThat(validate(zone(null)).timeZone()).isEqualTo(ZoneId.of("UTC"));
            assertThat(validate(zone("  ")).timeZone()).isEqualTo(ZoneId.of("UTC"));
        }

        @ParameterizedTest
        @ValueSource(strings = {"Europe/Berlin", "America/New_York", "Asia/Kolkata", "Australia/Adelaide", "UTC"})
        void ianaZonesAreAccepted(String zone) {
            assertThat(validate(zone(zone)).timeZone()).isEqualTo(ZoneId.of(zone));
        }

        @Test
        void zoneIsTrimmed() {
            assertThat(validate(zone(" Europe/Berlin ")).timeZone()).isEqualTo(ZoneId.of("Europe/Berlin"));
        }

        @ParameterizedTest
        @ValueSource(strings = {"Mars/Olympus", "europe/berlin", "Berlin", "CEST", "Europe/Berlin/x", "!!"})
        void unknownZoneIsRejectedNamingWindowTimeZone(String zone) {
            ValidationError error = onlyError(reject(zone(zone)));

            assertThat(error.field()).isEqualTo("windowTimeZone");
            assertThat(error.code()).isEqualTo("unknown");
            assertThat(error.message()).startsWith("windowTimeZone must be an IANA time zone")
                    .endsWith("not '" + zone + "'");
        }

        @ParameterizedTest
        @ValueSource(strings = {"+05:00", "UTC+1", "Z", "GMT-3"})
        void fixedOffsetsThatAreNotIanaZonesAreRejected(String zone) {
            assertThat(onlyError(reject(zone(zone))).field()).isEqualTo("windowTimeZone");
        }
    }

    @Nested
    class Grouping {

        @Test
        void subjectAndMeterKeysAreAccepted() {
            assertThat(validate(grouping(null, List.of("region", "subject", "model"))).groupBy())
                    .containsExactly("region", "subject", "model");
        }

        @Test
        void unknownKeyIsRejectedNamingGroupBy() {
            ValidationError error = onlyError(reject(grouping(null, List.of("region", "colour"))));

            assertThat(error.field()).isEqualTo("groupBy");
            assertThat(error.code()).isEqualTo("unknown");
            assertThat(error.message()).isEqualTo(
                    "groupBy 'colour' is not a group-by key of meter sum_meter; use subject or one of [model, region]");
        }

        @Test
        void keysAreCaseSensitive() {
            assertThat(onlyError(reject(grouping(null, List.of("Region")))).field()).isEqualTo("groupBy");
            assertThat(onlyError(reject(grouping(null, List.of("SUBJECT")))).field()).isEqualTo("groupBy");
        }

        @Test
        void jsonPathIsNotAGroupKey() {
            assertThat(onlyError(reject(grouping(null, List.of("$.region")))).field()).isEqualTo("groupBy");
        }

        @Test
        void blankKeysAreIgnored() {
            assertThat(validate(grouping(null, Arrays.asList("", " ", null, "model"))).groupBy())
                    .containsExactly("model");
        }

        @Test
        void duplicateKeysAreRemovedKeepingFirstPosition() {
            assertThat(validate(grouping(null, List.of("model", "region", "model"))).groupBy())
                    .containsExactly("model", "region");
        }

        @Test
        void subjectFilterImpliesGroupingBySubjectFirst() {
            UsageQuery query = validate(grouping(List.of("customer-1"), List.of("model")));

            assertThat(query.groupBy()).containsExactly("subject", "model");
            assertThat(query.groupsBySubject()).isTrue();
            assertThat(query.groupKeys()).containsExactly("model");
        }

        @Test
        void subjectFilterAloneGroupsBySubject() {
            assertThat(validate(grouping(List.of("customer-1"), null)).groupBy()).containsExactly("subject");
        }

        @Test
        void explicitSubjectGroupKeepsItsPosition() {
            assertThat(validate(grouping(List.of("customer-1"), List.of("model", "subject"))).groupBy())
                    .containsExactly("model", "subject");
        }

        @Test
        void blankSubjectsAreIgnoredAndDoNotImplyGrouping() {
            UsageQuery query = validate(grouping(Arrays.asList("", " ", null), List.of()));

            assertThat(query.subjects()).isEmpty();
            assertThat(query.groupBy()).isEmpty();
        }

        @Test
        void duplicateSubjectsAreRemoved() {
            assertThat(validate(grouping(List.of("a", "b", "a"), null)).subjects()).containsExactly("a", "b");
        }

        @Test
        void aHundredSubjectsAreTheMost() {
            List<String> hundred = java.util.stream.IntStream.range(0, 100).mapToObj(i -> "s" + i).toList();
            assertThat(validate(grouping(hundred, null)).subjects()).hasSize(100);

            List<String> more = java.util.stream.IntStream.range(0, 101).mapToObj(i -> "s" + i).toList();
            ValidationError error = onlyError(reject(grouping(more, null)));
            assertThat(error.field()).isEqualTo("subject");
            assertThat(error.code()).isEqualTo("too_many");
        }

        @Test
        void aHundredValuesPerGroupFilterAreTheMost() {
            List<String> more = java.util.stream.IntStream.range(0, 101).mapToObj(i -> "m" + i).toList();
            ValidationError error = onlyError(reject(new UsageQueryService.Request(null, null, null, null, null, null,
                    java.util.Map.of("model", more), null)));
            assertThat(error.field()).isEqualTo("filterGroupBy[model]");
            assertThat(error.code()).isEqualTo("too_many");
        }

        @Test
        void validatedListsAreImmutable() {
            UsageQuery query = validate(grouping(List.of("a"), List.of("model")));

            assertThat(query.groupBy()).isUnmodifiable();
            assertThat(query.subjects()).isUnmodifiable();
        }
    }

    @Nested
    class Customers {

        private UsageQueryService.Request customers(List<String> ids, List<String> groupBy) {
            return new UsageQueryService.Request(null, null, null, null, null, groupBy, null, ids);
        }

        @Test
        void filterCustomerIdResolvesEachCustomersSubjects() {
            UsageQuery query = validate(customers(List.of("c1"), null));
            assertThat(query.customers()).containsOnlyKeys("c1");
            // An open range asks for attributions over all of ClickHouse's time.
            assertThat(query.customers().get("c1")).extracting(a -> a.subject() + " " + a.from() + " " + a.to())
                    .containsExactly("s1 " + UsageQuery.BEGINNING + " " + UsageQuery.END,
                            "s2 " + UsageQuery.BEGINNING + " " + UsageQuery.END);
            assertThat(query.groupsByCustomer()).isTrue();
            assertThat(query.groupsBySubject()).isFalse();
        }

        @Test
        void customerIdGroupByIsAcceptedAlongsideTheFilter() {
            UsageQuery query = validate(customers(List.of("c1"), List.of("customer_id", "model")));
            assertThat(query.groupBy()).containsExactly("model");
            assertThat(reject(customers(List.of(), List.of("customer_id"))).validationErrors())
                    .extracting(ValidationError::field).containsExactly("groupBy");
        }

        @Test
        void anUnknownCustomerIsNotFound() {
            ApiException e = catchThrowableOfType(() -> validate(customers(List.of("c1", "nobody"), null)),
                    ApiException.class);
            assertThat(e.status()).isEqualTo(404);
            assertThat(onlyError(e).field()).isEqualTo("filterCustomerId");
            assertThat(e.getMessage()).contains("nobody").doesNotContain("c1");
        }

        @Test
        void atMostOneHundredCustomers() {
            List<String> ids = java.util.stream.IntStream.rangeClosed(0, 100).mapToObj(i -> "c" + i).toList();
            assertThat(onlyError(reject(customers(ids, null))).field()).isEqualTo("filterCustomerId");
        }
    }
}
