package dev.tollgate.ingest.kong;

import static dev.tollgate.ingest.kong.KongFixtures.map;
import static dev.tollgate.ingest.kong.KongFixtures.minimalRecord;
import static dev.tollgate.ingest.kong.KongFixtures.normalised;
import static dev.tollgate.ingest.kong.KongFixtures.ofType;
import static dev.tollgate.ingest.kong.KongFixtures.parse;
import static dev.tollgate.ingest.kong.KongFixtures.serialize;
import static dev.tollgate.ingest.kong.KongFixtures.withAi;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Token usage in every layout Kong's AI plugins have logged, from 3.6 to today. */
class KongAiLayoutsTest {

    private static List<ObjectNode> llmEvents(ObjectNode record) {
        return ofType(map(record), "llm-usage");
    }

    private static JsonNode onlyLlmData(ObjectNode record) {
        List<ObjectNode> events = llmEvents(record);
        assertThat(events).hasSize(1);
        assertThat(events.get(0).path("id").asText()).isEqualTo("req-1:llm");
        return normalised(events.get(0).path("data"));
    }

    @Test
    void kong36FlatLayout() {
        ObjectNode record = withAi("""
                {'usage': {'prompt_tokens': 10, 'completion_tokens': 5, 'total_tokens': 15},
                 'meta': {'request_model': 'gpt-3.5-turbo', 'response_model': 'gpt-3.5-turbo-0125',
                          'provider_name': 'openai'},
                 'payload': {'request': 'secret prompt text'}}""");
        assertThat(onlyLlmData(record)).isEqualTo(parse("""
                {"input_tokens": 10, "output_tokens": 5, "total_tokens": 15, "model": "gpt-3.5-turbo-0125",
                 "request_model": "gpt-3.5-turbo", "provider": "openai", "route": "r-name", "status": 200,
                 "plugin": "ai-proxy"}"""));
        assertThat(serialize(map(record))).doesNotContain("secret prompt text", "payload");
    }

    @Test
    void kong37SingularTokenKeys() {
        ObjectNode record = withAi("""
                {'ai-proxy': {'usage': {'prompt_token': 21, 'completion_token': 7, 'total_tokens': 28},
                              'meta': {'request_model': 'claude-2.1', 'response_model': 'claude-2.1',
                                       'provider_name': 'anthropic', 'plugin_id': 'p-1'}}}""");
        assertThat(onlyLlmData(record)).isEqualTo(parse("""
                {"input_tokens": 21, "output_tokens": 7, "total_tokens": 28, "model": "claude-2.1",
                 "request_model": "claude-2.1", "provider": "anthropic", "route": "r-name", "status": 200,
                 "plugin": "ai-proxy"}"""));
    }

    @Test
    void kong38AiProxyNamespaceWithCostAndCache() {
        ObjectNode record = withAi("""
                {'ai-proxy': {'usage': {'prompt_tokens': 100, 'completion_tokens': 50, 'total_tokens': 150,
                                        'time_per_token': 12.5, 'cost': 0.00075},
                              'meta': {'plugin_id': 'p-1', 'provider_name': 'mistral',
                                       'request_model': 'mistral-large', 'response_model': 'mistral-large-2407',
                                       'llm_latency': 625},
                              'cache': {'cache_status': 'Miss'}}}""");
        assertThat(onlyLlmData(record)).isEqualTo(parse("""
                {"input_tokens": 100, "output_tokens": 50, "total_tokens": 150, "model": "mistral-large-2407",
                 "request_model": "mistral-large", "provider": "mistral", "cost": 0.00075, "cache_status": "Miss",
                 "route": "r-name", "status": 200, "plugin": "ai-proxy"}"""));
    }

    @Test
    void kong39ProxyNamespace() {
        ObjectNode record = withAi("""
                {'proxy': {'usage': {'prompt_tokens': 25, 'completion_tokens': 12, 'total_tokens': 37, 'cost': 0},
                           'meta': {'provider_name': 'openai', 'request_model': 'gpt-4o',
                                    'response_model': 'gpt-4o'}}}""");
        JsonNode data = onlyLlmData(record);
        // 3.9+ logs ai-proxy and ai-proxy-advanced under "proxy"; the dimension names the plugin as 3.7 and 3.8 did.
        assertThat(data.path("plugin").asText()).isEqualTo("ai-proxy");
        assertThat(data.path("cost").asInt()).isZero();
        assertThat(data.path("total_tokens").asInt()).isEqualTo(37);
    }

    @Test
    void transformerAndProxyNamespacesGetOneEventEachWithSuffixedIds() {
        ObjectNode record = withAi("""
                {'ai-request-transformer': {'usage': {'prompt_tokens': 40, 'completion_tokens': 20},
                                            'meta': {'request_model': 'gpt-4o-mini', 'provider_name': 'openai'}},
                 'proxy': {'usage': {'prompt_tokens': 25, 'completion_tokens': 12, 'total_tokens': 37},
                           'meta': {'request_model': 'gpt-4o', 'provider_name': 'openai'}}}""");
        List<ObjectNode> events = llmEvents(record);
        assertThat(events).extracting(e -> e.path("id").asText())
                .containsExactly("req-1:llm:ai-request-transformer", "req-1:llm:proxy");
        // Ids keep the namespace Kong logged (stable across versions of Tollgate); the dimension names the plugin.
        assertThat(events).extracting(e -> e.path("data").path("plugin").asText())
                .containsExactly("ai-request-transformer", "ai-proxy");
        assertThat(events).extracting(e -> e.path("data").path("total_tokens").asInt()).containsExactly(60, 37);
        assertThat(events).extracting(e -> e.path("data").path("model").asText())
                .containsExactly("gpt-4o-mini", "gpt-4o");
    }

    @Test
    void aNamespaceWithoutStatisticsDoesNotForceSuffixedIds() {
        ObjectNode record = withAi("""
                {'ai-response-transformer': {'payload': {'response': 'text'}},
                 'proxy': {'usage': {'prompt_tokens': 1, 'completion_tokens': 1}, 'meta': {}}}""");
        assertThat(llmEvents(record)).extracting(e -> e.path("id").asText()).containsExactly("req-1:llm");
    }

    @Test
    void totalIsComputedWhenMissing() {
        ObjectNode record = withAi("{'proxy': {'usage': {'prompt_tokens': 25, 'completion_tokens': 12}}}");
        assertThat(onlyLlmData(record).path("total_tokens").asInt()).isEqualTo(37);
    }

    @Test
    void zeroTotalNextToRealCountsIsComputed() {
        ObjectNode record = withAi("""
                {'proxy': {'usage': {'prompt_tokens': 25, 'completion_tokens': 12, 'total_tokens': 0}}}""");
        assertThat(onlyLlmData(record).path("total_tokens").asInt()).isEqualTo(37);
    }

    @Test
    void numericStringCountsAreNumbers() {
        ObjectNode record = withAi("""
                {'proxy': {'usage': {'prompt_tokens': '25', 'completion_tokens': ' 12 ', 'total_tokens': '37',
                                     'cost': '0.0001825'},
                           'meta': {'request_model': 'gpt-4o'}}}""");
        JsonNode data = onlyLlmData(record);
        assertThat(data.path("input_tokens").isNumber()).isTrue();
        assertThat(data).isEqualTo(parse("""
                {"input_tokens": 25, "output_tokens": 12, "total_tokens": 37, "model": "gpt-4o",
                 "request_model": "gpt-4o", "cost": 0.0001825, "route": "r-name", "status": 200,
                 "plugin": "ai-proxy"}"""));
    }

    @Test
    void exponentFormCountsAreNumbers() {
        ObjectNode record = withAi("{'proxy': {'usage': {'prompt_tokens': 2.5e1, 'completion_tokens': 1.2E+1}}}");
        JsonNode data = onlyLlmData(record);
        assertThat(data.path("input_tokens").asInt()).isEqualTo(25);
        assertThat(data.path("total_tokens").asInt()).isEqualTo(37);
        assertThat(serialize(llmEvents(record))).contains("\"input_tokens\":25,");
    }

    @Test
    void inputAndOutputTokensOfNonTextCallsAreRead() {
        ObjectNode record = withAi("""
                {'proxy': {'usage': {'prompt_tokens': 0, 'completion_tokens': 0, 'input_tokens': 512,
                                     'output_tokens': 64}, 'meta': {'request_model': 'gpt-image-1'}}}""");
        JsonNode data = onlyLlmData(record);
        assertThat(data.path("input_tokens").asInt()).isEqualTo(512);
        assertThat(data.path("output_tokens").asInt()).isEqualTo(64);
        assertThat(data.path("total_tokens").asInt()).isEqualTo(576);
    }

    @Test
    void negativeCountsAreSetAsideWithTheirReasonNotReadAsZero() {
        ObjectNode record = withAi("""
                {'proxy': {'usage': {'prompt_tokens': -5, 'completion_tokens': 12, 'total_tokens': -1},
                           'meta': {'request_model': 'gpt-4o'}}}""");
        KongBatch batch = KongLogMapper.mapBatch(record, KongMappingConfig.defaults());

        assertThat(batch.events()).extracting(e -> e.event().path("type").asText()).containsExactly("api-request");
        KongBatch.SetAside setAside = batch.setAside().get(0);
        assertThat(batch.setAside()).hasSize(1);
        assertThat(setAside.reason()).isEqualTo("ai.proxy.usage.prompt_tokens is -5, not a token count;"
                + " ai.proxy.usage.total_tokens is -1, not a token count");
        assertThat(setAside.content().path("id").asText()).isEqualTo("req-1:llm");
        assertThat(setAside.content().path("data").path("input_tokens").asInt()).isEqualTo(-5);
        assertThat(setAside.content().path("data").path("total_tokens").asInt()).isEqualTo(-1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"'n/a'", "'lots'", "''", "true", "{}", "[1]", "1E+99999999999", "'1e999999'"})
    void nonNumericCountsAreSetAsideNotReadAsZero(String count) {
        ObjectNode record = withAi("{'ai-proxy': {'usage': {'prompt_token': '3', 'completion_token': " + count
                + "}}}");
        KongBatch batch = KongLogMapper.mapBatch(record, KongMappingConfig.defaults());

        assertThat(batch.events()).hasSize(1);
        assertThat(batch.setAside()).singleElement().extracting(KongBatch.SetAside::reason).asString()
                .startsWith("ai.ai-proxy.usage.completion_token is ").endsWith(", not a token count");
    }

    @Test
    void exponentFormCostIsWrittenPlain() {
        ObjectNode record = withAi("{'proxy': {'usage': {'prompt_tokens': 1, 'cost': 1.825e-4}}}");
        assertThat(serialize(llmEvents(record))).contains("\"cost\":0.0001825");
    }

    @Test
    void modelFallsBackToTheRequestedOne() {
        ObjectNode record = withAi("""
                {'proxy': {'usage': {'prompt_tokens': 1}, 'meta': {'request_model': 'gpt-4o',
                                                                 'response_model': 'UNSPECIFIED'}}}""");
        assertThat(onlyLlmData(record).path("model").asText()).isEqualTo("gpt-4o");
    }

    @Test
    void logStatisticsOffMeansNoLlmEvent() {
        ObjectNode withPayloadsOnly = withAi("{'proxy': {'payload': {'request': '{}', 'response': '{}'}}}");
        assertThat(map(withPayloadsOnly)).extracting(e -> e.path("type").asText()).containsExactly("api-request");
        assertThat(map(minimalRecord())).hasSize(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{'proxy': {'usage': {'prompt_tokens': 0, 'completion_tokens': 0, 'total_tokens': 0}, 'meta': {}}}",
        "{'proxy': {'usage': {}, 'meta': {'request_model': 'UNSPECIFIED', 'provider_name': 'UNSPECIFIED'}}}",
        "{'usage': {'prompt_tokens': 0, 'completion_tokens': 0}, 'meta': {}}",
        "{}",
        "{'proxy': 'not an object', 'mcp': {'mcp_session_id': 's'}}"
    })
    void zeroOrMissingCountsWithoutModelMeanNoLlmEvent(String ai) {
        assertThat(llmEvents(withAi(ai))).isEmpty();
    }

    @Test
    void zeroCountsWithAModelStillYieldAnEvent() {
        // A failed or cached call with statistics on: the model is known, the tokens are genuinely zero.
        ObjectNode record = withAi("""
                {'proxy': {'usage': {'prompt_tokens': 0, 'completion_tokens': 0, 'total_tokens': 0},
                           'meta': {'request_model': 'gpt-4o', 'provider_name': 'openai'},
                           'cache': {'cache_status': 'Hit'}}}""");
        JsonNode data = onlyLlmData(record);
        assertThat(data.path("input_tokens").asInt()).isZero();
        assertThat(data.path("cache_status").asText()).isEqualTo("Hit");
    }

    @Test
    void nonObjectAiSectionIsIgnored() {
        ObjectNode record = minimalRecord();
        record.put("ai", "disabled");
        assertThat(map(record)).hasSize(1);
    }

    @Test
    void llmEventCarriesStatusOfTheCall() {
        ObjectNode record = withAi("{'proxy': {'usage': {'prompt_tokens': 3}}}");
        ((ObjectNode) record.get("response")).put("status", 429);
        assertThat(onlyLlmData(record).path("status").asInt()).isEqualTo(429);
    }
}
