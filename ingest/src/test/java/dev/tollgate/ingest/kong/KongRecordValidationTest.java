package dev.tollgate.ingest.kong;

import static dev.tollgate.ingest.kong.KongFixtures.REST_SAMPLE;
import static dev.tollgate.ingest.kong.KongFixtures.minimalRecord;
import static dev.tollgate.ingest.kong.KongFixtures.parse;
import static dev.tollgate.ingest.kong.KongFixtures.sample;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class KongRecordValidationTest {

    private static KongRecordException rejectBody(JsonNode body) {
        KongRecordException e = catchThrowableOfType(
                () -> KongLogMapper.mapBody(body, KongMappingConfig.defaults()), KongRecordException.class);
        assertThat(e).as("body should be rejected: %s", body).isNotNull();
        return e;
    }

    private static ArrayNode batch(JsonNode... records) {
        ArrayNode array = KongFixtures.JSON.createArrayNode();
        for (JsonNode record : records) {
            array.add(record);
        }
        return array;
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"text\"", "42", "true", "null"})
    void bodyThatIsNeitherObjectNorArrayIsRejectedAsAWhole(String body) {
        KongRecordException e = rejectBody(parse(body));
        assertThat(e.index()).isEqualTo(-1);
        assertThat(e.getMessage()).startsWith("body: ").contains("array");
    }

    @Test
    void missingBodyIsRejectedAsAWhole() {
        assertThat(rejectBody(null).index()).isEqualTo(-1);
    }

    @Test
    void recordThatIsNotAnObjectIsNamedByItsIndex() {
        KongRecordException e = rejectBody(batch(sample(REST_SAMPLE), sample(REST_SAMPLE), parse("[1, 2]")));
        assertThat(e.index()).isEqualTo(2);
        assertThat(e.getMessage()).isEqualTo("record 2: must be a JSON object, not array");
        assertThat(e.reason()).isEqualTo("must be a JSON object, not array");
    }

    @Test
    void nullRecordInABatchIsRejected() {
        KongRecordException e = rejectBody(batch(NullNode.getInstance()));
        assertThat(e.index()).isZero();
        assertThat(e.getMessage()).contains("not null");
    }

    @Test
    void recordWithoutRequestNorStartedAtSaysBoth() {
        KongRecordException e = rejectBody(batch(sample(REST_SAMPLE), parse("{\"hello\": \"world\"}")));
        assertThat(e.index()).isEqualTo(1);
        assertThat(e.getMessage()).contains("\"request\"").contains("\"started_at\"").contains("both");
    }

    @Test
    void recordWithoutRequestSaysSo() {
        ObjectNode record = minimalRecord();
        record.remove("request");
        KongRecordException e = rejectBody(batch(sample(REST_SAMPLE), sample(REST_SAMPLE), sample(REST_SAMPLE),
                record));
        assertThat(e.index()).isEqualTo(3);
        assertThat(e.getMessage()).contains("\"request\"").doesNotContain("started_at");
    }

    @Test
    void recordWithoutStartedAtSaysSo() {
        ObjectNode record = minimalRecord();
        record.remove("started_at");
        KongRecordException e = rejectBody(record);
        assertThat(e.index()).isZero();
        assertThat(e.getMessage()).contains("\"started_at\"").doesNotContain("\"request\"");
    }

    @Test
    void requestThatIsNotAnObjectCountsAsMissing() {
        ObjectNode record = minimalRecord();
        record.put("request", "GET /x");
        assertThat(rejectBody(record).getMessage()).contains("\"request\"");
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"yesterday\"", "-1", "1e300", "253402300800000", "{}", "true"})
    void startedAtMustBeEpochMillisecondsInRange(String startedAt) {
        ObjectNode record = minimalRecord();
        record.set("started_at", parse(startedAt));
        KongRecordException e = rejectBody(record);
        assertThat(e.getMessage()).contains("started_at").contains("epoch milliseconds");
    }

    @Test
    void mapNamesASingleRecordIndexZero() {
        KongRecordException e = catchThrowableOfType(
                () -> KongLogMapper.map(parse("[]"), KongMappingConfig.defaults()), KongRecordException.class);
        assertThat(e.index()).isZero();
    }

    @Test
    void exceptionIsUnchecked() {
        assertThat(new KongRecordException(0, "x")).isInstanceOf(RuntimeException.class);
    }

    @Test
    void latestValidInstantIsAccepted() {
        ObjectNode record = minimalRecord();
        record.put("started_at", 253402300799999L);
        assertThat(KongFixtures.map(record).get(0).path("time").asText()).isEqualTo("9999-12-31T23:59:59.999Z");
    }
}
