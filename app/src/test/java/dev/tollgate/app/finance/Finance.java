package dev.tollgate.app.finance;

import static dev.tollgate.app.TestApi.CLOUDEVENT_BATCH;
import static io.restassured.RestAssured.given;

import dev.tollgate.shared.auth.ApiKeyService;
import dev.tollgate.shared.auth.Scope;
import io.quarkus.arc.Arc;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.awaitility.Awaitility;

/**
 * A namespace of its own for a finance test, so that reports over it hold only the test's features, customers and
 * prices, and shares and CSV text can be asserted exactly.
 */
final class Finance {

    final String namespace;
    private final String key;

    private Finance(String namespace, String key) {
        this.namespace = namespace;
        this.key = key;
    }

    static Finance newNamespace() {
        String namespace = "fin-" + UUID.randomUUID().toString().substring(0, 8);
        ApiKeyService keys = Arc.container().instance(ApiKeyService.class).get();
        return new Finance(namespace, keys.create(namespace, "finance test", Set.of(Scope.ADMIN)).secret());
    }

    RequestSpecification api() {
        return given().header("Authorization", "Bearer " + key);
    }

    RequestSpecification json() {
        return api().contentType(ContentType.JSON);
    }

    void meter(String slug, String aggregation, String eventType, String valueProperty, Map<String, String> groupBy) {
        Map<String, Object> meter = new LinkedHashMap<>();
        meter.put("slug", slug);
        meter.put("aggregation", aggregation);
        meter.put("eventType", eventType);
        if (valueProperty != null) {
            meter.put("valueProperty", valueProperty);
        }
        meter.put("groupBy", groupBy);
        json().body(meter).post("/api/v1/meters").then().statusCode(201);
        // Once its backfill is done the aggregator folds the meter live on every partition, so events sent from
        // now on are counted by the time AggregatorBarrier returns.
        Awaitility.await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250))
                .until(() -> api().get("/api/v1/meters/" + slug + "/backfill").then().statusCode(200).extract()
                        .jsonPath().getString("status"), "DONE"::equals);
    }

    void feature(String key, String meterSlug, Map<String, String> filters, Map<String, Object> unitCost) {
        Map<String, Object> feature = new LinkedHashMap<>();
        feature.put("key", key);
        feature.put("name", key);
        feature.put("meterSlug", meterSlug);
        if (filters != null) {
            feature.put("meterGroupByFilters", filters);
        }
        if (unitCost != null) {
            feature.put("unitCost", unitCost);
        }
        json().body(feature).post("/api/v1/features").then().statusCode(201);
    }

    /** A customer with the subjects, under the parent (null for a root); its id. */
    String customer(String key, String parentId, Map<String, String> metadata, String... subjects) {
        Map<String, Object> customer = new LinkedHashMap<>();
        customer.put("key", key);
        customer.put("name", "Customer " + key);
        customer.put("usageAttribution", Map.of("subjectKeys", List.of(subjects)));
        if (parentId != null) {
            customer.put("parentCustomerId", parentId);
        }
        if (metadata != null && !metadata.isEmpty()) {
            customer.put("metadata", metadata);
        }
        return json().body(customer).post("/api/v1/customers").then().statusCode(201).extract().path("id");
    }

    /** An LLM price; its id. */
    String price(String provider, String model, String currency, Map<String, Object> pricing, String from,
            String to) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("provider", provider);
        body.put("model_id", model);
        body.put("pricing", pricing);
        body.put("currency", currency);
        body.put("effective_from", from);
        if (to != null) {
            body.put("effective_to", to);
        }
        return json().body(body).post("/api/v1/llm-cost/overrides").then().statusCode(201).extract().path("id");
    }

    void ingest(List<Map<String, Object>> events) {
        for (int start = 0; start < events.size(); start += 500) {
            api().contentType(CLOUDEVENT_BATCH).body(events.subList(start, Math.min(events.size(), start + 500)))
                    .post("/api/v1/events").then().statusCode(204);
        }
    }

    static Map<String, Object> event(String type, String subject, String time, Map<String, Object> data) {
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("specversion", "1.0");
        event.put("id", UUID.randomUUID().toString());
        event.put("source", "finance-test");
        event.put("type", type);
        event.put("subject", subject);
        event.put("time", time);
        event.put("data", data);
        return event;
    }
}
