package dev.tollgate.ingest.kong;

import static dev.tollgate.ingest.kong.KongFixtures.AI_SAMPLE;
import static dev.tollgate.ingest.kong.KongFixtures.BATCH_SAMPLE;
import static dev.tollgate.ingest.kong.KongFixtures.DECIMAL_JSON;
import static dev.tollgate.ingest.kong.KongFixtures.REST_SAMPLE;
import static dev.tollgate.ingest.kong.KongFixtures.map;
import static dev.tollgate.ingest.kong.KongFixtures.minimalRecord;
import static dev.tollgate.ingest.kong.KongFixtures.normalised;
import static dev.tollgate.ingest.kong.KongFixtures.ofType;
import static dev.tollgate.ingest.kong.KongFixtures.parse;
import static dev.tollgate.ingest.kong.KongFixtures.record;
import static dev.tollgate.ingest.kong.KongFixtures.sample;
import static dev.tollgate.ingest.kong.KongFixtures.sampleText;
import static dev.tollgate.ingest.kong.KongFixtures.serialize;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tollgate.shared.time.Rfc3339;
import java.math.BigDecimal;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class KongLogMapperTest {

    private static final String REST_ID = "7a3c1e9b5f2d4a6c8e0b1d3f5a7c9e2b";
    private static final String AI_ID = "5d2a9f71c3e84b06a1f7e3c9d8b2a4f6";

    /** The rules of CloudEventValidator, checked here so that these tests do not depend on its signature. */
    private static void assertValidCloudEvents(List<ObjectNode> events) {
        for (ObjectNode event : events) {
            assertThat(event.path("specversion").asText()).isEqualTo("1.0");
            for (String field : List.of("id", "source", "type", "subject", "time")) {
                assertThat(event.path(field).isTextual() && !event.path(field).asText().isBlank()).as(field).isTrue();
            }
            String time = event.path("time").asText();
            assertThat(Rfc3339.parse(time)).isPresent();
            assertThat(time).endsWith("Z").isEqualTo(DateTimeFormatter.ISO_INSTANT.format(Rfc3339.parse(time).get()));
            assertThat(event.path("datacontenttype").asText()).isEqualTo("application/json");
            assertThat(event.path("data").isObject()).isTrue();
            assertThat(event.size()).isEqualTo(8);
        }
    }

    @Nested
    class RestSample {

        private final List<ObjectNode> events = map(sample(REST_SAMPLE));

        @Test
        void yieldsExactlyOneApiRequestEvent() {
            assertThat(events).hasSize(1);
            assertThat(events.get(0).path("type").asText()).isEqualTo("api-request");
        }

        @Test
        void envelopeIsAStructuredCloudEvent() {
            JsonNode envelope = ((ObjectNode) normalised(events.get(0))).without("data");
            assertThat(envelope).isEqualTo(parse("""
                    {"specversion": "1.0", "id": "%s", "source": "kong", "type": "api-request",
                     "subject": "b3f1c2d4-5e6f-4a7b-8c9d-0e1f2a3b4c5d", "time": "2025-07-01T09:30:10.123Z",
                     "datacontenttype": "application/json"}""".formatted(REST_ID)));
        }

        @Test
        void dataHoldsTheCallsDimensionsAndMeasures() {
            assertThat(normalised(events.get(0).path("data"))).isEqualTo(parse("""
                    {"route": "orders-route", "route_id": "9c2e4b7a-1d3f-4a5b-8c6d-7e8f9a0b1c2d",
                     "service": "orders-service", "service_id": "5f1d8a3e-6c2b-4e0f-9a71-3b8c2d4e6f10",
                     "method": "GET", "path": "/orders/v1/orders", "status": 200, "upstream_status": "200",
                     "latency_ms": 41, "upstream_latency_ms": 38, "kong_latency_ms": 2,
                     "request_bytes": 262, "response_bytes": 1187, "client_ip": "203.0.113.24",
                     "consumer_id": "b3f1c2d4-5e6f-4a7b-8c9d-0e1f2a3b4c5d", "consumer_username": "acme-corp",
                     "consumer_custom_id": "cust_0042", "workspace": "0dc6f45b-8f8d-40d2-a504-473544ee190b",
                     "workspace_name": "default", "response_source": "upstream",
                     "headers": {"user-agent": "curl/8.5.0"}}"""));
        }

        @Test
        void statusIsANumberAndUpstreamStatusAString() {
            JsonNode data = events.get(0).path("data");
            assertThat(data.path("status").isNumber()).isTrue();
            assertThat(data.path("upstream_status").isTextual()).isTrue();
        }

        @Test
        void noCredentialNorUnlistedHeaderAppearsAnywhere() {
            String json = serialize(events);
            assertThat(json).doesNotContain("acme-live-key-1", "apikey", "e7d6c5b4-a392-4817-9f6e-5d4c3b2a1908",
                    "x-credential-identifier", "api.example.com", "status=open", "10.0.12.7");
        }

        @Test
        void meetsTollgatesCloudEventRules() {
            assertValidCloudEvents(events);
        }

        @Test
        void compactWireFormWithEscapedSlashesMapsTheSame() {
            String wire = sampleText(REST_SAMPLE).replaceAll("\\n\\s*", "").replace("/", "\\/");
            assertThat(wire).contains("\"\\/orders\\/v1\\/orders?status=open&page=2\"");
            assertThat(map(parse(wire))).isEqualTo(events);
        }

        @Test
        void decimalReadingMapperGivesTheSameEvents() throws Exception {
            List<ObjectNode> decimal = map(DECIMAL_JSON.readTree(sampleText(REST_SAMPLE)));
            assertThat(serialize(decimal)).isEqualTo(serialize(events));
        }
    }

    @Nested
    class AiProxySample {

        private final List<ObjectNode> events = map(sample(AI_SAMPLE));

        @Test
        void yieldsAnApiRequestThenAnLlmUsageEvent() {
            assertThat(events).extracting(e -> e.path("type").asText()).containsExactly("api-request", "llm-usage");
            assertThat(events).extracting(e -> e.path("id").asText()).containsExactly(AI_ID, AI_ID + ":llm");
        }

        @Test
        void bothEventsShareSubjectTimeAndSource() {
            for (ObjectNode event : events) {
                assertThat(event.path("subject").asText()).isEqualTo("4a8b2c6d-0e1f-4253-9687-a9b8c7d6e5f4");
                assertThat(event.path("time").asText()).isEqualTo("2025-07-01T09:31:00.001Z");
                assertThat(event.path("source").asText()).isEqualTo("kong");
            }
        }

        @Test
        void llmUsageCarriesTheExactTokensModelProviderAndCost() {
            assertThat(normalised(events.get(1).path("data"))).isEqualTo(parse("""
                    {"input_tokens": 25, "output_tokens": 12, "total_tokens": 37, "model": "gpt-4o-2024-08-06",
                     "request_model": "gpt-4o", "provider": "openai", "cost": 0.0001825,
                     "route": "openai-chat-route", "service": "openai-chat-service", "status": 200,
                     "plugin": "ai-proxy"}"""));
            assertThat(events.get(1).path("data").path("cost").decimalValue())
                    .isEqualByComparingTo(new BigDecimal("0.0001825"));
        }

        @Test
        void decimalReadingMapperGivesTheSameEvents() throws Exception {
            List<ObjectNode> decimal = map(DECIMAL_JSON.readTree(sampleText(AI_SAMPLE)));
            assertThat(serialize(decimal)).isEqualTo(serialize(events));
        }

        @Test
        void costIsWrittenAsAPlainDecimal() {
            assertThat(serialize(events)).contains("\"cost\":0.0001825");
        }

        @Test
        void apiRequestKeepsOnlyAllowListedHeaders() {
            assertThat(normalised(events.get(0).path("data").path("headers"))).isEqualTo(parse("""
                    {"user-agent": "OpenAI/Python 1.93.0", "content-type": "application/json"}"""));
        }

        @Test
        void neitherCredentialsNorPayloadsLeak() {
            String json = serialize(events);
            assertThat(json).doesNotContain("globex-ai-key-9", "REDACTED", "authorization", "apikey",
                    "helpful assistant", "1 + 1", "chatcmpl", "payload", "TLS_AES_256_GCM_SHA384",
                    "a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d");
        }

        @Test
        void matchTheDefaultMetersProperties() {
            JsonNode request = events.get(0).path("data");
            assertThat(request.has("route") && request.has("method") && request.has("status")).isTrue();
            JsonNode usage = events.get(1).path("data");
            for (String property : List.of("input_tokens", "output_tokens", "model", "provider", "route")) {
                assertThat(usage.has(property)).as(property).isTrue();
            }
        }

        @Test
        void meetTollgatesCloudEventRules() {
            assertValidCloudEvents(events);
        }
    }

    @Nested
    class BatchSample {

        private final List<ObjectNode> events = KongLogMapper.mapBody(sample(BATCH_SAMPLE),
                KongMappingConfig.defaults());

        @Test
        void oneApiRequestPerRecordInOrder() {
            assertThat(events).extracting(e -> e.path("id").asText()).containsExactly(
                    "1f2e3d4c5b6a47980a1b2c3d4e5f6a7b", "9e8d7c6b5a4f43e2d1c0b9a8f7e6d5c4",
                    "3c5e7a9b1d2f4e6a8c0b2d4f6a8c0e1d");
            assertThat(ofType(events, "api-request")).hasSize(3);
            assertThat(ofType(events, "llm-usage")).isEmpty();
        }

        @Test
        void eachRecordKeepsItsOwnSubjectTimeAndStatus() {
            assertThat(events).extracting(e -> e.path("subject").asText()).containsExactly(
                    "b3f1c2d4-5e6f-4a7b-8c9d-0e1f2a3b4c5d", "4a8b2c6d-0e1f-4253-9687-a9b8c7d6e5f4", "anonymous");
            assertThat(events).extracting(e -> e.path("time").asText()).containsExactly(
                    "2025-07-01T09:31:40.501Z", "2025-07-01T09:31:40.776Z", "2025-07-01T09:31:41.090Z");
            assertThat(events).extracting(e -> e.path("data").path("status").asInt()).containsExactly(200, 201, 404);
        }

        @Test
        void noRouteMatchedRecordHasNoRouteServiceConsumerNorUpstreamFields() {
            assertThat(normalised(events.get(2).path("data"))).isEqualTo(parse("""
                    {"method": "GET", "path": "/wp-login.php", "status": 404, "latency_ms": 0,
                     "kong_latency_ms": 0, "request_bytes": 98, "response_bytes": 352,
                     "client_ip": "198.51.100.200", "workspace": "0dc6f45b-8f8d-40d2-a504-473544ee190b",
                     "workspace_name": "default", "response_source": "kong",
                     "headers": {"user-agent": "Mozilla/5.0 (compatible; scanner/1.0)"}}"""));
        }

        @Test
        void noApiKeyOfAnyRecordLeaks() {
            assertThat(serialize(events)).doesNotContain("acme-live-key-1", "globex-ai-key-9", "apikey");
        }

        @Test
        void mixedBatchAddsLlmEventsOnlyForAiRecords() {
            var body = KongFixtures.JSON.createArrayNode();
            body.add(sample(REST_SAMPLE));
            body.add(sample(AI_SAMPLE));
            body.add(sample(BATCH_SAMPLE).get(2));
            List<ObjectNode> mixed = KongLogMapper.mapBody(body, KongMappingConfig.defaults());
            assertThat(mixed).extracting(e -> e.path("id").asText()).containsExactly(REST_ID, AI_ID, AI_ID + ":llm",
                    "3c5e7a9b1d2f4e6a8c0b2d4f6a8c0e1d");
        }

        @Test
        void batchOfOneIsStillMapped() {
            var body = KongFixtures.JSON.createArrayNode().add(sample(REST_SAMPLE));
            assertThat(KongLogMapper.mapBody(body, KongMappingConfig.defaults())).isEqualTo(map(sample(REST_SAMPLE)));
        }

        @Test
        void emptyBatchYieldsNoEvents() {
            assertThat(KongLogMapper.mapBody(KongFixtures.JSON.createArrayNode(), KongMappingConfig.defaults()))
                    .isEmpty();
        }

        @Test
        void singleObjectBodyIsOneRecord() {
            assertThat(KongLogMapper.mapBody(sample(AI_SAMPLE), KongMappingConfig.defaults()))
                    .isEqualTo(map(sample(AI_SAMPLE)));
        }
    }

    @Nested
    class Fields {

        @Test
        void notProxiedRequestOmitsUpstreamLatency() {
            ObjectNode record = minimalRecord();
            record.set("latencies", parse("{\"kong\": 3, \"proxy\": -1, \"request\": 4, \"receive\": 0}"));
            JsonNode data = map(record).get(0).path("data");
            assertThat(data.has("upstream_latency_ms")).isFalse();
            assertThat(data.path("kong_latency_ms").asInt()).isEqualTo(3);
            assertThat(data.path("latency_ms").asInt()).isEqualTo(4);
        }

        @Test
        void zeroProxyLatencyIsKept() {
            ObjectNode record = minimalRecord();
            record.set("latencies", parse("{\"kong\": 0, \"proxy\": 0, \"request\": 0}"));
            assertThat(map(record).get(0).path("data").path("upstream_latency_ms").asInt()).isZero();
        }

        @Test
        void exponentFormNumbersAreReadAsValues() {
            ObjectNode record = record("""
                    {'request': {'id': 'r', 'size': 2.62e2}, 'response': {'status': 2e2, 'size': 1.187E+3},
                     'latencies': {'kong': 2.0, 'proxy': 3.8e1, 'request': 41.5},
                     'tries': [{'balancer_start_ns': 1.7267838395395e+18}],
                     'started_at': 1.751362210123e+12}""");
            ObjectNode event = map(record).get(0);
            assertThat(event.path("time").asText()).isEqualTo("2025-07-01T09:30:10.123Z");
            assertThat(normalised(event.path("data"))).isEqualTo(parse("""
                    {"status": 200, "request_bytes": 262, "response_bytes": 1187, "latency_ms": 41.5,
                     "upstream_latency_ms": 38, "kong_latency_ms": 2, "response_source": "upstream"}"""));
            assertThat(serialize(List.of(event))).contains("\"status\":200,").doesNotContain("E+");
        }

        @Test
        void exponentFormNumbersGiveTheSameEventsWithEitherMapper() throws Exception {
            String json = """
                    {"request": {"id": "r"}, "response": {"status": 200}, "started_at": 1.751362210123e+12,
                     "latencies": {"request": 4.15e1}}""";
            List<ObjectNode> doubles = map(KongFixtures.JSON.readTree(json));
            List<ObjectNode> decimals = map(DECIMAL_JSON.readTree(json));
            assertThat(serialize(decimals)).isEqualTo(serialize(doubles));
        }

        @Test
        void fractionalStartTimeKeepsSubMillisecondPrecision() {
            ObjectNode record = minimalRecord();
            record.put("started_at", new BigDecimal("1751362210123.5"));
            assertThat(map(record).get(0).path("time").asText()).isEqualTo("2025-07-01T09:30:10.123500Z");
        }

        @Test
        void wholeSecondStartTimeHasNoFraction() {
            ObjectNode record = minimalRecord();
            record.put("started_at", 1751362210000L);
            assertThat(map(record).get(0).path("time").asText()).isEqualTo("2025-07-01T09:30:10Z");
        }

        @Test
        void numericStringStartTimeIsAccepted() {
            ObjectNode record = minimalRecord();
            record.put("started_at", "1751362210123");
            assertThat(map(record).get(0).path("time").asText()).isEqualTo("2025-07-01T09:30:10.123Z");
        }

        @ParameterizedTest
        @ValueSource(strings = {"/x?a=1&b=2", "/x?", "/x"})
        void pathDropsTheQueryString(String uri) {
            ObjectNode record = minimalRecord();
            ((ObjectNode) record.get("request")).put("uri", uri);
            assertThat(map(record).get(0).path("data").path("path").asText()).isEqualTo("/x");
        }

        @Test
        void routeFallsBackToIdThenFirstPath() {
            ObjectNode record = minimalRecord();
            record.set("route", parse("{\"id\": \"r-id\", \"paths\": [\"/a\", \"/b\"]}"));
            assertThat(map(record).get(0).path("data").path("route").asText()).isEqualTo("r-id");
            record.set("route", parse("{\"paths\": [\"/a\", \"/b\"]}"));
            assertThat(map(record).get(0).path("data").path("route").asText()).isEqualTo("/a");
            assertThat(map(record).get(0).path("data").has("route_id")).isFalse();
        }

        @Test
        void serviceFallsBackToId() {
            ObjectNode record = minimalRecord();
            record.set("service", parse("{\"id\": \"s-id\"}"));
            JsonNode data = map(record).get(0).path("data");
            assertThat(data.path("service").asText()).isEqualTo("s-id");
            assertThat(data.path("service_id").asText()).isEqualTo("s-id");
        }

        @Test
        void emptyUpstreamStatusIsOmittedAndRetriesAreKeptVerbatim() {
            ObjectNode record = minimalRecord();
            record.put("upstream_status", "");
            assertThat(map(record).get(0).path("data").has("upstream_status")).isFalse();
            record.put("upstream_status", "500, 200 : 200, 200");
            assertThat(map(record).get(0).path("data").path("upstream_status").asText())
                    .isEqualTo("500, 200 : 200, 200");
        }

        @Test
        void configuredSourceIsUsed() {
            KongMappingConfig config = KongMappingConfig.defaults().withSource("kong-eu-west");
            assertThat(KongLogMapper.map(sample(AI_SAMPLE), config))
                    .allSatisfy(e -> assertThat(e.path("source").asText()).isEqualTo("kong-eu-west"));
        }

        @Test
        void theInputRecordIsNotModified() {
            JsonNode record = sample(AI_SAMPLE);
            JsonNode before = record.deepCopy();
            map(record);
            assertThat(record).isEqualTo(before);
        }
    }

    @Nested
    class Headers {

        private ObjectNode recordWithHeaders(String singleQuotedHeaders) {
            ObjectNode record = minimalRecord();
            ((ObjectNode) record.get("request")).set("headers", parse(singleQuotedHeaders.replace('\'', '"')));
            return record;
        }

        @Test
        void credentialHeadersAreNeverCopied() {
            ObjectNode record = recordWithHeaders("""
                    {'authorization': 'REDACTED', 'proxy-authorization': 'REDACTED', 'apikey': 'secret-1',
                     'api-key': 'secret-2', 'x-api-key': 'secret-3', 'cookie': 'session=secret-4',
                     'x-my-token': 'secret-5', 'x-goog-api-key': 'secret-6', 'user-agent': 'ua'}""");
            List<ObjectNode> events = map(record);
            assertThat(normalised(events.get(0).path("data").path("headers")))
                    .isEqualTo(parse("{\"user-agent\": \"ua\"}"));
            assertThat(serialize(events)).doesNotContain("secret-", "REDACTED");
        }

        @Test
        void repeatedHeadersStayArraysOfStrings() {
            ObjectNode record = recordWithHeaders("{'content-type': ['application/json', 'text/plain']}");
            assertThat(normalised(map(record).get(0).path("data").path("headers"))).isEqualTo(parse(
                    "{\"content-type\": [\"application/json\", \"text/plain\"]}"));
        }

        @Test
        void headerNamesAreMatchedCaseInsensitivelyAndWrittenLowerCase() {
            ObjectNode record = recordWithHeaders("{'User-Agent': 'ua', 'X-Consumer-Groups': 'gold'}");
            assertThat(normalised(map(record).get(0).path("data").path("headers"))).isEqualTo(parse(
                    "{\"user-agent\": \"ua\", \"x-consumer-groups\": \"gold\"}"));
        }

        @Test
        void aCustomAllowListReplacesTheDefault() {
            ObjectNode record = recordWithHeaders("{'user-agent': 'ua', 'x-tenant': 't-1', 'accept': '*/*'}");
            KongMappingConfig config = KongMappingConfig.defaults().withAllowedRequestHeaders(Set.of("X-Tenant"));
            assertThat(normalised(KongLogMapper.map(record, config).get(0).path("data").path("headers")))
                    .isEqualTo(parse("{\"x-tenant\": \"t-1\"}"));
        }

        @Test
        void noAllowedHeaderMeansNoHeadersField() {
            ObjectNode record = recordWithHeaders("{'accept': '*/*'}");
            assertThat(map(record).get(0).path("data").has("headers")).isFalse();
        }
    }
}
