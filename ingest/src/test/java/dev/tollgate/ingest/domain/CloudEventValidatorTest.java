package dev.tollgate.ingest.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tollgate.ingest.domain.CloudEventValidator.TimeBounds;
import dev.tollgate.shared.problem.ApiException;
import dev.tollgate.shared.problem.ValidationError;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CloudEventValidatorTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant NOW = Instant.parse("2026-02-01T08:30:15.250Z");

    /** A valid event, to be broken one field at a time. */
    private static ObjectNode event() {
        ObjectNode event = JSON.createObjectNode();
        event.put("specversion", "1.0");
        event.put("id", "evt-1");
        event.put("source", "gateway");
        event.put("type", "api-call");
        event.put("subject", "customer-1");
        event.put("time", "2026-01-31T12:00:00Z");
        event.putObject("data").put("tokens", 42);
        return event;
    }

    private static ObjectNode parse(String json) {
        try {
            return (ObjectNode) JSON.readTree(json);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static List<ObjectNode> validateOne(JsonNode event) {
        return CloudEventValidator.validate(List.of(event), false, NOW, TimeBounds.UNBOUNDED).stream()
                .map(CloudEventValidator.Valid::event).toList();
    }

    private static ApiException rejectOne(JsonNode event) {
        ApiException e = catchThrowableOfType(() -> validateOne(event), ApiException.class);
        assertThat(e).as("event should be rejected but was accepted: %s", event).isNotNull();
        return e;
    }

    private static ApiException rejectBatch(JsonNode... events) {
        ApiException e = catchThrowableOfType(() -> CloudEventValidator.validate(List.of(events), true, NOW, TimeBounds.UNBOUNDED),
                ApiException.class);
        assertThat(e).as("batch should be rejected but was accepted").isNotNull();
        return e;
    }

    private static List<String> fields(ApiException e) {
        return e.validationErrors().stream().map(ValidationError::field).toList();
    }

    @Test
    void validEventIsReturned() {
        ObjectNode event = event();

        List<ObjectNode> valid = validateOne(event);

        assertThat(valid).containsExactly(event);
    }

    @Test
    void emptyListIsValid() {
        assertThat(CloudEventValidator.validate(List.of(), true, NOW, TimeBounds.UNBOUNDED)).isEmpty();
    }

    @Nested
    class SpecVersion {

        @Test
        void missingSpecVersionIsRejected() {
            ObjectNode event = event();
            event.remove("specversion");

            ApiException e = rejectOne(event);

            assertThat(e.validationErrors()).containsExactly(
                    new ValidationError("specversion", "unsupported", "specversion must be \"1.0\""));
        }

        @ParameterizedTest
        @ValueSource(strings = {"0.3", "1", "1.0.0", "", " 1.0"})
        void specVersionOtherThanOnePointZeroIsRejected(String version) {
            ObjectNode event = event();
            event.put("specversion", version);

            assertThat(fields(rejectOne(event))).containsExactly("specversion");
        }

        @Test
        void numericSpecVersionIsRejected() {
            ObjectNode event = parse("""
                    {"specversion":1.0,"id":"a","source":"s","type":"t","subject":"u"}""");

            assertThat(fields(rejectOne(event))).containsExactly("specversion");
        }
    }

    @Nested
    class RequiredStrings {

        @ParameterizedTest
        @ValueSource(strings = {"id", "source", "type", "subject"})
        void missingFieldIsRejected(String field) {
            ObjectNode event = event();
            event.remove(field);

            ApiException e = rejectOne(event);

            assertThat(e.validationErrors()).containsExactly(
                    new ValidationError(field, "required", field + " must be a non-empty string"));
        }

        @ParameterizedTest
        @ValueSource(strings = {"id", "source", "type", "subject"})
        void emptyFieldIsRejected(String field) {
            ObjectNode event = event();
            event.put(field, "");

            assertThat(fields(rejectOne(event))).containsExactly(field);
        }

        @ParameterizedTest
        @ValueSource(strings = {"id", "source", "type", "subject"})
        void blankFieldIsRejected(String field) {
            ObjectNode event = event();
            event.put(field, " \t ");

            assertThat(fields(rejectOne(event))).containsExactly(field);
        }

        @ParameterizedTest
        @ValueSource(strings = {"id", "source", "type", "subject"})
        void nullFieldIsRejected(String field) {
            ObjectNode event = event();
            event.putNull(field);

            assertThat(fields(rejectOne(event))).containsExactly(field);
        }

        @ParameterizedTest
        @ValueSource(strings = {"id", "source", "type", "subject"})
        void numericFieldIsRejected(String field) {
            ObjectNode event = event();
            event.put(field, 7);

            assertThat(fields(rejectOne(event))).containsExactly(field);
        }

        @ParameterizedTest
        @ValueSource(strings = {"id", "source", "type", "subject"})
        void objectFieldIsRejected(String field) {
            ObjectNode event = event();
            event.putObject(field).put("x", "y");

            assertThat(fields(rejectOne(event))).containsExactly(field);
        }
    }

    @Nested
    class Time {

        @Test
        void utcTimeIsKeptInZForm() {
            ObjectNode event = event();

            validateOne(event);

            assertThat(event.get("time").asText()).isEqualTo("2026-01-31T12:00:00Z");
        }

        @Test
        void onlyAnEventWhoseTimeWasRewrittenOrAddedIsReportedAsNormalised() {
            ObjectNode inUtc = event();
            ObjectNode withOffset = event().put("time", "2026-01-31T12:00:00+02:00");
            ObjectNode withoutTime = event();
            withoutTime.remove("time");
            ObjectNode lowerCase = event().put("time", "2026-01-31t12:00:00z");

            List<Boolean> normalised = CloudEventValidator.validate(List.of(inUtc, withOffset, withoutTime, lowerCase),
                    true, NOW, TimeBounds.UNBOUNDED).stream().map(CloudEventValidator.Valid::normalised).toList();

            assertThat(normalised).containsExactly(false, true, true, true);
        }

        @Test
        void positiveOffsetIsNormalisedToUtc() {
            ObjectNode event = event();
            event.put("time", "2026-01-31T12:00:00+02:00");

            validateOne(event);

            assertThat(event.get("time").asText()).isEqualTo("2026-01-31T10:00:00Z");
        }

        @Test
        void negativeOffsetIsNormalisedToUtcAcrossMidnight() {
            ObjectNode event = event();
            event.put("time", "2026-01-31T22:30:00-05:00");

            validateOne(event);

            assertThat(event.get("time").asText()).isEqualTo("2026-02-01T03:30:00Z");
        }

        @Test
        void halfHourOffsetIsNormalised() {
            ObjectNode event = event();
            event.put("time", "2026-01-31T12:00:00+05:30");

            validateOne(event);

            assertThat(event.get("time").asText()).isEqualTo("2026-01-31T06:30:00Z");
        }

        @Test
        void fractionalSecondsAreKept() {
            ObjectNode event = event();
            event.put("time", "2026-01-31T12:00:00.123456789+01:00");

            validateOne(event);

            assertThat(event.get("time").asText()).isEqualTo("2026-01-31T11:00:00.123456789Z");
        }

        @Test
        void lowercaseTAndZAreAccepted() {
            ObjectNode event = event();
            event.put("time", "2026-01-31t12:00:00z");

            validateOne(event);

            assertThat(event.get("time").asText()).isEqualTo("2026-01-31T12:00:00Z");
        }

        @Test
        void missingTimeIsFilledWithNow() {
            ObjectNode event = event();
            event.remove("time");

            validateOne(event);

            assertThat(event.get("time").asText()).isEqualTo("2026-02-01T08:30:15.250Z");
        }

        @Test
        void nullTimeIsFilledWithNow() {
            ObjectNode event = event();
            event.putNull("time");

            validateOne(event);

            assertThat(event.get("time").asText()).isEqualTo("2026-02-01T08:30:15.250Z");
        }

        @ParameterizedTest
        @ValueSource(strings = {"2026-01-31T12:00:00", "2026-01-31", "2026-01-31 12:00:00Z", "yesterday", "",
                "2026-13-01T00:00:00Z", "2026-01-31T12:00:00+0200", "1769860800"})
        void timeThatIsNotRfc3339WithOffsetIsRejected(String time) {
            ObjectNode event = event();
            event.put("time", time);

            ApiException e = rejectOne(event);

            assertThat(e.validationErrors()).singleElement().satisfies(error -> {
                assertThat(error.field()).isEqualTo("time");
                assertThat(error.code()).isEqualTo("format");
                assertThat(error.message()).startsWith("time must be an RFC 3339 timestamp such as")
                        .contains("got \"" + time + "\"");
            });
        }

        @Test
        void numericTimeIsRejected() {
            ObjectNode event = event();
            event.put("time", 1769860800L);

            ApiException e = rejectOne(event);

            assertThat(e.validationErrors()).containsExactly(
                    new ValidationError("time", "format", "time must be an RFC 3339 timestamp string"));
        }

        @Test
        void longInvalidTimeIsAbbreviatedInTheMessage() {
            ObjectNode event = event();
            String time = "x".repeat(100);
            event.put("time", time);

            ApiException e = rejectOne(event);

            assertThat(e.validationErrors().get(0).message())
                    .contains("got \"" + "x".repeat(61) + "...\"")
                    .doesNotContain("x".repeat(62));
        }

        @ParameterizedTest
        @ValueSource(strings = {"2026-01-31T12:00Z", "2026-01-31T12:00:00+05", "2026-01-31T12:00:00+05:30:15"})
        void timeThatIsIsoButNotRfc3339IsRejected(String time) {
            ObjectNode event = event();
            event.put("time", time);

            assertThat(fields(rejectOne(event))).containsExactly("time");
        }
    }

    @Nested
    class Data {

        @Test
        void objectDataIsAccepted() {
            assertThat(validateOne(event())).hasSize(1);
        }

        @Test
        void absentDataIsAccepted() {
            ObjectNode event = event();
            event.remove("data");

            assertThat(validateOne(event)).hasSize(1);
        }

        @Test
        void nullDataIsAccepted() {
            ObjectNode event = event();
            event.putNull("data");

            assertThat(validateOne(event)).hasSize(1);
        }

        @ParameterizedTest
        @ValueSource(strings = {"[1,2]", "\"text\"", "42", "true"})
        void nonObjectDataIsRejected(String data) {
            ObjectNode event = event();
            event.set("data", parse("{\"d\":" + data + "}").get("d"));

            ApiException e = rejectOne(event);

            assertThat(e.validationErrors()).containsExactly(
                    new ValidationError("data", "type", "data must be a JSON object"));
        }
    }

    @Nested
    class DataContentType {

        @Test
        void applicationJsonIsAccepted() {
            ObjectNode event = event();
            event.put("datacontenttype", "application/json");

            assertThat(validateOne(event)).hasSize(1);
        }

        @Test
        void applicationJsonWithCharsetIsAccepted() {
            ObjectNode event = event();
            event.put("datacontenttype", "application/json; charset=utf-8");

            assertThat(validateOne(event)).hasSize(1);
        }

        @Test
        void nullContentTypeCountsAsUnset() {
            ObjectNode event = event();
            event.putNull("datacontenttype");

            assertThat(validateOne(event)).hasSize(1);
        }

        @ParameterizedTest
        @ValueSource(strings = {"text/plain", "application/xml", "", "json"})
        void otherContentTypeIsRejected(String contentType) {
            ObjectNode event = event();
            event.put("datacontenttype", contentType);

            ApiException e = rejectOne(event);

            assertThat(e.validationErrors()).containsExactly(new ValidationError("datacontenttype", "unsupported",
                    "datacontenttype must be application/json when set"));
        }

        @Test
        void nonStringContentTypeIsRejected() {
            ObjectNode event = event();
            event.put("datacontenttype", 1);

            assertThat(fields(rejectOne(event))).containsExactly("datacontenttype");
        }


        @ParameterizedTest
        @ValueSource(strings = {"application/jsonl", "application/json-seq", "application/json5"})
        void mediaTypesThatOnlyStartWithApplicationJsonAreRejected(String contentType) {
            ObjectNode event = event();
            event.put("datacontenttype", contentType);

            assertThat(fields(rejectOne(event))).containsExactly("datacontenttype");
        }
    }

    @Nested
    class ErrorNaming {

        @Test
        void singleEventFieldIsNamedWithoutPosition() {
            ObjectNode event = event();
            event.remove("subject");

            ApiException e = rejectOne(event);

            assertThat(e.validationErrors()).singleElement().satisfies(error -> {
                assertThat(error.field()).isEqualTo("subject");
                assertThat(error.message()).isEqualTo("subject must be a non-empty string");
            });
        }

        @Test
        void batchFieldIsNamedByIndexAndMessageNamesEventAndId() {
            ObjectNode broken = event();
            broken.put("id", "x");
            broken.remove("subject");

            ApiException e = rejectBatch(event(), event(), broken);

            assertThat(e.validationErrors()).containsExactly(new ValidationError("[2].subject", "required",
                    "event 2 (id \"x\"): subject must be a non-empty string"));
        }

        @Test
        void batchEventWithoutUsableIdIsNamedByIndexOnly() {
            ObjectNode broken = event();
            broken.put("id", " ");

            ApiException e = rejectBatch(broken);

            assertThat(e.validationErrors()).containsExactly(new ValidationError("[0].id", "required",
                    "event 0: id must be a non-empty string"));
        }

        @Test
        void longIdIsAbbreviatedInTheMessage() {
            ObjectNode broken = event();
            broken.put("id", "i".repeat(80));
            broken.remove("type");

            ApiException e = rejectBatch(broken);

            assertThat(e.validationErrors().get(0).message())
                    .startsWith("event 0 (id \"" + "i".repeat(61) + "...\"): type ");
        }

        @Test
        void nonObjectInBatchIsNamedByIndex() {
            ApiException e = rejectBatch(event(), JSON.getNodeFactory().textNode("nope"));

            assertThat(e.validationErrors()).containsExactly(
                    new ValidationError("[1]", "type", "event 1: must be a JSON object, not string"));
        }

        @Test
        void nonObjectSingleEventIsNamedAsRoot() {
            ApiException e = rejectOne(JSON.createArrayNode());

            assertThat(e.validationErrors()).containsExactly(
                    new ValidationError("$", "type", "must be a JSON object, not array"));
        }
    }

    @Nested
    class WholeBatch {

        @Test
        void allErrorsOfOneEventAreCollected() {
            ObjectNode event = parse("""
                    {"specversion":"0.3","id":"","type":"t","subject":"u","time":"soon","data":[],
                     "datacontenttype":"text/csv"}""");

            ApiException e = rejectOne(event);

            assertThat(fields(e)).containsExactly("specversion", "id", "source", "time", "data", "datacontenttype");
        }

        @Test
        void errorsAcrossEventsAreCollectedInOrderAndTheBatchIsRejectedWhole() {
            ObjectNode first = event();
            first.remove("source");
            ObjectNode valid = event();
            ObjectNode third = event();
            third.put("id", "x");
            third.put("time", "later");
            third.put("data", 5);

            ApiException e = rejectBatch(first, valid, third);

            assertThat(e.status()).isEqualTo(400);
            assertThat(fields(e)).containsExactly("[0].source", "[2].time", "[2].data");
            assertThat(e.getMessage()).isEqualTo(
                    "event 0 (id \"evt-1\"): source must be a non-empty string (and 2 more)");
        }

        @Test
        void singleErrorDetailIsTheErrorMessage() {
            ObjectNode event = event();
            event.remove("type");

            ApiException e = rejectOne(event);

            assertThat(e.status()).isEqualTo(400);
            assertThat(e.getMessage()).isEqualTo("type must be a non-empty string");
        }

        @Test
        void validBatchIsReturnedInOrderWithEveryTimeNormalised() {
            ObjectNode a = event();
            a.put("id", "a");
            a.put("time", "2026-01-31T13:00:00+01:00");
            ObjectNode b = event();
            b.put("id", "b");
            b.remove("time");

            List<ObjectNode> valid = CloudEventValidator.validate(List.of(a, b), true, NOW, TimeBounds.UNBOUNDED)
                    .stream().map(CloudEventValidator.Valid::event).toList();

            assertThat(valid).extracting(e -> e.get("id").asText()).containsExactly("a", "b");
            assertThat(valid).extracting(e -> e.get("time").asText())
                    .containsExactly("2026-01-31T12:00:00Z", "2026-02-01T08:30:15.250Z");
        }
    }

    @Nested
    class TimeBoundsRule {

        private final TimeBounds bounds = new TimeBounds(java.time.Duration.ofHours(1), java.time.Duration.ofDays(32));

        private ApiException rejectWithBounds(String time) {
            ObjectNode event = event();
            event.put("time", time);
            return catchThrowableOfType(() -> CloudEventValidator.validate(List.of(event), false, NOW, bounds),
                    ApiException.class);
        }

        @Test
        void timeTooFarAheadIsRejectedNamingTheLimit() {
            ApiException e = rejectWithBounds(NOW.plus(java.time.Duration.ofMinutes(61)).toString());
            assertThat(e.status()).isEqualTo(400);
            assertThat(e.validationErrors().get(0).code()).isEqualTo("future");
            assertThat(e.getMessage()).contains("1 h ahead").contains("tollgate.ingest.max-future");
        }

        @Test
        void timeOlderThanTheLatenessWindowIsRejectedNamingTheLimit() {
            ApiException e = rejectWithBounds(NOW.minus(java.time.Duration.ofDays(33)).toString());
            assertThat(e.validationErrors().get(0).code()).isEqualTo("too_late");
            assertThat(e.getMessage()).contains("32 days").contains("tollgate.ingest.lateness");
        }

        @Test
        void timesJustInsideTheBoundsAreAccepted() {
            for (Instant time : List.of(NOW.plus(java.time.Duration.ofMinutes(59)),
                    NOW.minus(java.time.Duration.ofDays(31)))) {
                ObjectNode event = event();
                event.put("time", time.toString());
                assertThat(CloudEventValidator.validate(List.of(event), false, NOW, bounds)).hasSize(1);
            }
        }
    }
}
