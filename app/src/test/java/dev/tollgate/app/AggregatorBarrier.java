package dev.tollgate.app;

import static dev.tollgate.app.TestApi.CLOUDEVENT_BATCH;
import static dev.tollgate.app.TestApi.admin;

import dev.tollgate.ingest.api.IngestTopic;
import io.quarkus.arc.Arc;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.common.utils.Utils;
import org.awaitility.Awaitility;

/**
 * Waits until the aggregator has counted, and the archiver has archived, everything ingested so far. Events land on
 * partitions by (namespace, source, id), and each partition is written in offset order by both, so one sentinel per
 * partition, sent now and seen counted and listed, proves that every earlier event of every partition is counted and
 * archived too: totals and event lists read afterwards are exact, and an event that is not counted by then never will
 * be.
 */
public final class AggregatorBarrier {

    public static final String SOURCE = "aggregator-barrier";

    private AggregatorBarrier() {
    }

    public static void await() {
        int partitions = Arc.container().instance(IngestTopic.class).get().partitions(Duration.ofSeconds(10)).size();
        String subject = "barrier-" + UUID.randomUUID();
        List<Map<String, Object>> sentinels = new ArrayList<>();
        for (int partition = 0; partition < partitions; partition++) {
            Map<String, Object> sentinel = TestApi.apiRequest(subject, TestTime.now().toString(), "/barrier", 200);
            sentinel.put("source", SOURCE);
            sentinel.put("id", idOnPartition("default", partition, partitions));
            sentinels.add(sentinel);
        }
        admin().contentType(CLOUDEVENT_BATCH).body(sentinels).post("/api/v1/events").then().statusCode(204);
        BigDecimal expected = BigDecimal.valueOf(partitions);
        Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(() -> {
            List<BigDecimal> values = IngestAndQueryTest.query("api_requests", "subject=" + subject)
                    .getList("data.value", BigDecimal.class);
            return !values.isEmpty() && values.get(0).compareTo(expected) == 0;
        });
        Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(() -> admin()
                .queryParam("subject", subject).get("/api/v1/events").then().statusCode(200).extract().jsonPath()
                .getList("$").size() == partitions);
    }

    /** An event id whose Kafka key (namespace/source/id) the default partitioner puts on {@code partition}. */
    public static String idOnPartition(String namespace, int partition, int partitions) {
        while (true) {
            String id = UUID.randomUUID().toString();
            byte[] key = (namespace + "/" + SOURCE + "/" + id).getBytes(StandardCharsets.UTF_8);
            if (Utils.toPositive(Utils.murmur2(key)) % partitions == partition) {
                return id;
            }
        }
    }
}
