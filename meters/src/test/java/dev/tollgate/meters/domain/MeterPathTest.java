package dev.tollgate.meters.domain;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class MeterPathTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "$.tokens | 7",
        "$.usage.input_tokens | 12",
        "$['x-model'] | gpt-4o",
        "$[\"x-model\"] | gpt-4o",
        "$.choices[1].tokens | 3",
        "$['usage']['input_tokens'] | 12",
        "$.with-dash | d"})
    void readsPropertiesAndPositions(String path, String expected) throws Exception {
        JsonNode data = JSON.readTree("""
                {"tokens": 7, "usage": {"input_tokens": 12}, "x-model": "gpt-4o", "with-dash": "d",
                 "choices": [{"tokens": 1}, {"tokens": 3}]}""");
        assertThat(MeterPath.parse(path)).hasValueSatisfying(p -> assertThat(p.read(data).asText())
                .isEqualTo(expected));
    }

    @ParameterizedTest
    @ValueSource(strings = {"$.missing", "$.tokens.deeper", "$.choices[5].tokens", "$['usage'][0]"})
    void aMissingStepReadsNothing(String path) throws Exception {
        JsonNode data = JSON.readTree("{\"tokens\": 7, \"usage\": {\"input_tokens\": 12}, \"choices\": []}");
        assertThat(MeterPath.parse(path).orElseThrow().read(data)).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"$..tokens", "$.*", "$.choices[*].tokens", "$.choices[?(@.tokens > 1)]",
        "$.choices.length()", "$.choices[0:2]", "$.choices[0,1]", "$['a','b']", "$[-1]", "tokens", "$.", "$.a.",
        "$[", "$['a", "$['a\\\\'b']", "", "$ .a", "$.a b", "$[1234567]"})
    void everythingElseIsRefused(String path) {
        assertThat(MeterPath.parse(path)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"$", "$.a"})
    void theRootAndOneStepAreFine(String path) {
        assertThat(MeterPath.parse(path)).isPresent();
    }

    @org.junit.jupiter.api.Test
    void aVeryLongPathIsRefused() {
        assertThat(MeterPath.parse("$" + ".a".repeat(300))).isEmpty();
    }
}
