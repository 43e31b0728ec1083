package dev.tollgate.ingest.kong;

import static dev.tollgate.ingest.kong.KongFixtures.DECIMAL_JSON;
import static dev.tollgate.ingest.kong.KongFixtures.REST_SAMPLE;
import static dev.tollgate.ingest.kong.KongFixtures.map;
import static dev.tollgate.ingest.kong.KongFixtures.parse;
import static dev.tollgate.ingest.kong.KongFixtures.sample;
import static dev.tollgate.ingest.kong.KongFixtures.sampleText;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The event id is the dedup key, so it must be the same every time Kong delivers the same record. */
class KongRequestIdTest {

    /** A record as Kong before 3.5 logs it: no request.id and no X-Kong-Request-Id header. */
    private static ObjectNode withoutKongId(JsonNode record) {
        ObjectNode copy = record.deepCopy();
        ((ObjectNode) copy.get("request")).remove("id");
        ((ObjectNode) copy.path("response").path("headers")).remove("x-kong-request-id");
        return copy;
    }

    private static String id(JsonNode record) {
        return map(record).get(0).path("id").asText();
    }

    @Test
    void kongRequestIdIsTheEventId() {
        assertThat(id(sample(REST_SAMPLE))).isEqualTo("7a3c1e9b5f2d4a6c8e0b1d3f5a7c9e2b");
    }

    @Test
    void responseHeaderIsTheFallback() {
        ObjectNode record = sample(REST_SAMPLE).deepCopy();
        ((ObjectNode) record.get("request")).remove("id");
        ((ObjectNode) record.path("response").path("headers")).put("x-kong-request-id", "from-header");
        assertThat(id(record)).isEqualTo("from-header");
    }

    @Test
    void responseHeaderIsFoundWhateverItsCaseAndArrayForm() {
        ObjectNode record = withoutKongId(sample(REST_SAMPLE));
        ((ObjectNode) record.path("response").path("headers")).set("X-Kong-Request-Id", parse("[\"h-1\", \"h-2\"]"));
        assertThat(id(record)).isEqualTo("h-1");
    }

    @Test
    void withoutKongIdTheIdIsDerivedFromTheContent() {
        String derived = id(withoutKongId(sample(REST_SAMPLE)));
        assertThat(derived).matches("sha256-[0-9a-f]{64}");
    }

    @Test
    void identicalRecordsGetTheSameDerivedId() {
        // Kong retries a failed batch whole: the second delivery must dedup against the first.
        assertThat(id(withoutKongId(sample(REST_SAMPLE)))).isEqualTo(id(withoutKongId(sample(REST_SAMPLE))));
    }

    @Test
    void differentRecordsGetDifferentDerivedIds() {
        ObjectNode first = withoutKongId(sample(REST_SAMPLE));
        ObjectNode later = first.deepCopy();
        later.put("started_at", 1751362210124L);
        ObjectNode otherClient = first.deepCopy();
        otherClient.put("client_ip", "203.0.113.25");
        assertThat(List.of(id(first), id(later), id(otherClient))).doesNotHaveDuplicates();
    }

    @Test
    void derivedIdDoesNotDependOnKeyOrder() {
        ObjectNode record = withoutKongId(sample(REST_SAMPLE));
        ObjectNode reversed = KongFixtures.JSON.createObjectNode();
        List<String> names = new java.util.ArrayList<>();
        record.fieldNames().forEachRemaining(names::add);
        java.util.Collections.reverse(names);
        names.forEach(name -> reversed.set(name, record.get(name)));
        assertThat(reversed.toString()).isNotEqualTo(record.toString());
        assertThat(id(reversed)).isEqualTo(id(record));
    }

    @Test
    void derivedIdDoesNotDependOnHowTheMapperReadsFloats() throws Exception {
        ObjectNode asDoubles = withoutKongId(sample(REST_SAMPLE));
        ObjectNode asDecimals = withoutKongId(DECIMAL_JSON.readTree(sampleText(REST_SAMPLE)));
        assertThat(id(asDecimals)).isEqualTo(id(asDoubles));
    }

    @Test
    void derivedIdTreatsEqualNumbersAlike() {
        ObjectNode integer = withoutKongId(sample(REST_SAMPLE));
        ObjectNode decimal = integer.deepCopy();
        decimal.put("started_at", 1751362210123.0);
        assertThat(id(decimal)).isEqualTo(id(integer));
    }

    @Test
    void llmEventIdsFollowTheDerivedId() {
        ObjectNode record = withoutKongId(sample(KongFixtures.AI_SAMPLE));
        List<ObjectNode> events = map(record);
        String id = events.get(0).path("id").asText();
        assertThat(id).startsWith("sha256-");
        assertThat(events.get(1).path("id").asText()).isEqualTo(id + ":llm");
    }

    @Test
    void blankRequestIdIsNotUsed() {
        ObjectNode record = sample(REST_SAMPLE).deepCopy();
        ((ObjectNode) record.get("request")).put("id", "  ");
        assertThat(id(record)).isEqualTo("7a3c1e9b5f2d4a6c8e0b1d3f5a7c9e2b");
    }
}
