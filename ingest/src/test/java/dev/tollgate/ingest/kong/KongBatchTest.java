package dev.tollgate.ingest.kong;

import static dev.tollgate.ingest.kong.KongFixtures.minimalRecord;
import static dev.tollgate.ingest.kong.KongFixtures.parse;
import static dev.tollgate.ingest.kong.KongFixtures.record;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

/**
 * A batch is mapped record by record: one record that cannot be mapped is set aside with its reason, never the raw
 * record (its headers may hold credentials), and the good records around it are mapped.
 */
class KongBatchTest {

    private static KongBatch map(Object body) {
        return KongLogMapper.mapBatch(body instanceof String text ? parse(text) : (ObjectNode) body,
                KongMappingConfig.defaults());
    }

    @Test
    void aBadRecordIsSetAsideAndTheGoodOnesAroundItAreMapped() {
        ArrayNode body = KongFixtures.JSON.createArrayNode();
        body.add(minimalRecord());
        ObjectNode noTime = minimalRecord();
        noTime.remove("started_at");
        ((ObjectNode) noTime.path("request")).put("id", "req-2");
        ((ObjectNode) noTime.path("request").path("headers")).put("apikey", "secret-key");
        body.add(noTime);
        body.add(42);
        ObjectNode third = minimalRecord();
        ((ObjectNode) third.path("request")).put("id", "req-4");
        body.add(third);

        KongBatch batch = KongLogMapper.mapBatch(body, KongMappingConfig.defaults());

        assertThat(batch.events()).extracting(KongBatch.Event::record).containsExactly(0, 3);
        assertThat(batch.setAside()).extracting(KongBatch.SetAside::record).containsExactly(1, 2);
        assertThat(batch.setAside().get(0).reason()).isEqualTo("lacks \"started_at\"");
        assertThat(batch.setAside().get(0).content()).isEqualTo(record("{'kong_record': 1, 'request_id': 'req-2'}"));
        assertThat(batch.setAside().get(0).content().toString()).doesNotContain("secret-key");
        assertThat(batch.setAside().get(1).reason()).isEqualTo("must be a JSON object, not number");
        assertThat(batch.setAside().get(1).content()).isEqualTo(record("{'kong_record': 2}"));
    }

    @Test
    void aBodyThatIsNoRecordAtAllIsRefusedWhole() {
        assertThatThrownBy(() -> KongLogMapper.mapBatch(parse("\"text\""), KongMappingConfig.defaults()))
                .isInstanceOf(KongRecordException.class).hasMessageContaining("body:");
    }

    @Test
    void theStrictMappingStillNamesTheFirstBadRecord() {
        assertThatThrownBy(() -> KongLogMapper.mapBody(parse("[{\"request\": {}}, 1]"), KongMappingConfig.defaults()))
                .isInstanceOf(KongRecordException.class).hasMessage("record 0: lacks \"started_at\"");
    }

    @Test
    void whoAnsweredIsLoggedFrom36OnAndToldByTheProxyLatencyBefore() {
        ObjectNode logged = minimalRecord();
        logged.put("source", "kong");
        assertThat(ApiRequestData.responseSource(logged)).contains("kong");

        ObjectNode refused = minimalRecord();
        refused.set("latencies", parse("{\"proxy\": -1, \"kong\": 2, \"request\": 2}"));
        assertThat(ApiRequestData.responseSource(refused)).contains("kong");

        ObjectNode proxied = minimalRecord();
        proxied.set("latencies", parse("{\"proxy\": 35, \"kong\": 2, \"request\": 40}"));
        assertThat(ApiRequestData.responseSource(proxied)).contains("upstream");

        assertThat(ApiRequestData.responseSource(minimalRecord())).isEmpty();
    }
}
