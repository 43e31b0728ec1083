package dev.tollgate.app;

import static dev.tollgate.app.TestApi.CLOUDEVENT_BATCH;
import static dev.tollgate.app.TestApi.admin;
import static dev.tollgate.app.TestApi.event;
import static dev.tollgate.app.TestApi.uniqueSubject;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A meter defined after its events arrived gets its history from the raw event store, and a new group-by re-aggregates
 * it; events arriving meanwhile are counted once, live.
 */
@QuarkusTest
class MeterBackfillTest {

    @Test
    void meterCreatedLaterIsBackfilledAndRegroupedExactly() {
        String type = "backfill-" + UUID.randomUUID();
        String subject = uniqueSubject();
        java.time.Instant first = TestTime.day(-4);
        java.time.Instant third = TestTime.day(-2);
        List<Map<String, Object>> history = new ArrayList<>();
        history.add(tokens(type, subject, TestTime.at(first, "10:00:10"), "gpt-4o", "eu", 100));
        history.add(tokens(type, subject, TestTime.at(first, "10:59:59"), "gpt-4o", "us", "250.5"));
        history.add(tokens(type, subject, TestTime.at(third, "23:00:00"), "o3", "eu", 7));
        history.add(tokens(type, subject, TestTime.at(third, "23:30:00"), "o3", "eu", "not a number"));
        admin().contentType(CLOUDEVENT_BATCH).body(history).post("/api/v1/events").then().statusCode(204);
        awaitStored(type, history.size());
        assertThat(validationErrors(type)).allMatch(e -> e.contains("no meter reads events of type '" + type + "'"));

        String slug = "tokens_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        Map<String, Object> meter = new LinkedHashMap<>();
        meter.put("slug", slug);
        meter.put("aggregation", "SUM");
        meter.put("eventType", type);
        meter.put("valueProperty", "$.tokens");
        meter.put("groupBy", Map.of("model", "$.model"));
        admin().contentType(ContentType.JSON).body(meter).post("/api/v1/meters").then().statusCode(201);
        // Arrives while the backfill may be running: folded live, never also by the backfill.
        admin().contentType(CLOUDEVENT_BATCH).body(List.of(tokens(type, subject, TestTime.at(first, "10:30:00"), "o3", "us", 3)))
                .post("/api/v1/events").then().statusCode(204);

        awaitBackfill(slug, 1);
        awaitTotal(slug, subject, "360.5");
        // The browser says why the meters cannot take a value from an event as they are now: the new meter counts
        // every archived event but the one whose tokens are not a number.
        assertThat(validationErrors(type)).filteredOn(e -> !e.isEmpty()).singleElement()
                .satisfies(e -> assertThat(e).contains("meter " + slug + ": the value at $.tokens"));
        JsonPath byModel = query(slug, "subject=" + subject + "&groupBy=model&windowSize=DAY");
        assertThat(byModel.getList("data.groupBy.model", String.class)).containsExactly("gpt-4o", "o3", "o3");
        assertThat(byModel.getList("data.value", BigDecimal.class)).usingElementComparator(BigDecimal::compareTo)
                .containsExactly(new BigDecimal("350.5"), new BigDecimal("3"), new BigDecimal("7"));
        admin().get("/api/v1/meters/" + slug + "/backfill").then().statusCode(200)
                .body("status", org.hamcrest.Matchers.equalTo("DONE"))
                .body("progress", org.hamcrest.Matchers.equalTo(1));

        admin().contentType(ContentType.JSON).body(Map.of("groupBy", Map.of("model", "$.model", "region", "$.region")))
                .put("/api/v1/meters/" + slug).then().statusCode(200);

        awaitBackfill(slug, 2);
        awaitTotal(slug, subject, "360.5");
        JsonPath byRegion = query(slug, "subject=" + subject + "&groupBy=region");
        assertThat(byRegion.getList("data.groupBy.region", String.class)).containsExactly("eu", "us");
        assertThat(byRegion.getList("data.value", BigDecimal.class)).usingElementComparator(BigDecimal::compareTo)
                .containsExactly(new BigDecimal("107"), new BigDecimal("253.5"));
    }

    static Map<String, Object> tokens(String type, String subject, String time, String model, String region,
            Object tokens) {
        return event(type, subject, time, Map.of("model", model, "region", region, "tokens", tokens));
    }

    /** Each listed event's validation error, "" for none. */
    static List<String> validationErrors(String type) {
        return admin().get("/api/v1/events?type=" + type + "&limit=100").then().statusCode(200).extract().jsonPath()
                .getList("$", Map.class).stream().map(e -> e.get("validationError") == null ? ""
                        : e.get("validationError").toString()).toList();
    }

    static void awaitStored(String type, int count) {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(
                () -> admin().get("/api/v1/events?type=" + type + "&limit=100").then().statusCode(200).extract()
                        .jsonPath().getList("$").size() == count);
    }

    static void awaitBackfill(String slug, int generation) {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() -> {
            JsonPath backfill = admin().get("/api/v1/meters/" + slug + "/backfill").then().statusCode(200)
                    .extract().jsonPath();
            return backfill.getInt("generation") == generation && "DONE".equals(backfill.getString("status"));
        });
    }

    static JsonPath query(String meter, String params) {
        return admin().get("/api/v1/meters/" + meter + "/query?" + params).then().statusCode(200).extract()
                .jsonPath();
    }

    static void awaitTotal(String meter, String subject, String expected) {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .until(() -> query(meter, "subject=" + subject).getList("data.value", BigDecimal.class),
                        values -> values.size() == 1 && values.get(0).compareTo(new BigDecimal(expected)) == 0);
    }
}
