package dev.tollgate.app;

import static dev.tollgate.app.TestApi.CLOUDEVENT_BATCH;
import static dev.tollgate.app.TestApi.PROBLEM;
import static dev.tollgate.app.TestApi.admin;
import static dev.tollgate.app.TestApi.llmUsage;
import static dev.tollgate.app.TestApi.uniqueSubject;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The query API's other forms: POST with a JSON body, CSV, group filters, subjects and group values. */
@QuarkusTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MeterQueryApiTest {

    private final String subject = uniqueSubject();
    private final String model = "model-" + subject;

    private boolean ingested;
    /** Two days before the app's today, and the day after it: the events' days. */
    private java.time.Instant day1;
    private java.time.Instant day2;
    private java.time.Instant day3;

    /** Once per class, but not in a {@code @BeforeAll}: RestAssured knows the app's port only once a test runs. */
    @BeforeEach
    void ingest() {
        if (ingested) {
            return;
        }
        ingested = true;
        day1 = TestTime.day(-2);
        day2 = day1.plus(java.time.Duration.ofDays(1));
        day3 = day2.plus(java.time.Duration.ofDays(1));
        admin().contentType(CLOUDEVENT_BATCH).body(List.of(
                llmUsage(subject, TestTime.at(day1, "10:00:00"), model, 100, 1),
                llmUsage(subject, TestTime.at(day1, "10:05:00"), "gpt-4o", 20, 2),
                llmUsage(subject, TestTime.at(day2, "09:00:00"), model, 3, 3)))
                .post("/api/v1/events").then().statusCode(204);
        IngestAndQueryTest.awaitTotal("llm_input_tokens", subject, "123");
    }

    @Test
    void filterGroupByKeepsMatchingRows() {
        admin().get("/api/v1/meters/llm_input_tokens/query?subject=" + subject + "&filterGroupBy[model]=" + model)
                .then().statusCode(200).body("data.value", equalTo(List.of(103)));
    }

    /** OpenMeter's filter operators, each run by ClickHouse; the model values are gpt-4o (20) and model-… (103). */
    @Test
    void advancedMeterGroupByFiltersTakeOpenMeterOperators() {
        Map<String, Object> expected = new java.util.LinkedHashMap<>();
        expected.put("{\"$eq\":\"gpt-4o\"}", 20);
        expected.put("{\"$ne\":\"gpt-4o\"}", 103);
        expected.put("{\"$in\":[\"gpt-4o\",\"" + model + "\"]}", 123);
        expected.put("{\"$nin\":[\"gpt-4o\"]}", 103);
        expected.put("{\"$like\":\"gpt-%\"}", 20);
        expected.put("{\"$nlike\":\"gpt-%\"}", 103);
        expected.put("{\"$ilike\":\"GPT-_O\"}", 20);
        expected.put("{\"$nilike\":\"MODEL-%\"}", 20);
        expected.put("{\"$contains\":\"PT-4\"}", 20);
        expected.put("{\"$ncontains\":\"pt-4\"}", 103);
        expected.put("{\"$gt\":\"h\"}", 103);
        expected.put("{\"$lte\":\"gpt-4o\"}", 20);
        expected.put("{\"$exists\":true}", 123);
        expected.put("{\"$or\":[{\"$eq\":\"gpt-4o\"},{\"$like\":\"model-%\"}]}", 123);
        expected.put("{\"$and\":[{\"$like\":\"%o\"},{\"$ne\":\"" + model + "\"}]}", 20);
        expected.forEach((filter, total) -> assertThat((Object) admin().queryParam("subject", subject)
                .queryParam("advancedMeterGroupByFilters", "{\"model\":" + filter + "}")
                .get("/api/v1/meters/llm_input_tokens/query").then().statusCode(200).extract().path("data.value"))
                .as(filter).isEqualTo(List.of(total)));

        admin().contentType(ContentType.JSON).body(Map.of("subject", List.of(subject),
                "advancedMeterGroupByFilters", Map.of("model", Map.of("$in", List.of(model)))))
                .post("/api/v1/meters/llm_input_tokens/query").then().statusCode(200)
                .body("data.value", equalTo(List.of(103)));
    }

    @Test
    void badAdvancedFiltersAreNamed() {
        Map<String, String> expected = Map.of(
                "{\"model\":{\"$regex\":\"x\"}}", "advancedMeterGroupByFilters.model",
                "{\"model\":{\"$eq\":\"\"}}", "advancedMeterGroupByFilters.model.$eq",
                "{\"model\":{\"$eq\":\"a\",\"$ne\":\"b\"}}", "advancedMeterGroupByFilters.model",
                "{\"colour\":{\"$eq\":\"red\"}}", "advancedMeterGroupByFilters.colour",
                "{\"model\":{\"$in\":\"a\"}}", "advancedMeterGroupByFilters.model.$in",
                "[1]", "advancedMeterGroupByFilters",
                "not json", "advancedMeterGroupByFilters");
        expected.forEach((filter, field) -> assertThat((Object) admin()
                .queryParam("advancedMeterGroupByFilters", filter).get("/api/v1/meters/llm_input_tokens/query")
                .then().statusCode(400).contentType(PROBLEM).extract().path("extensions.validationErrors.field"))
                .as(filter).isEqualTo(List.of(field)));
        admin().queryParam("advancedMeterGroupByFilters", "{\"model\":{\"$eq\":\"a\"}}")
                .get("/api/v1/meters/llm_input_tokens/query?filterGroupBy[model]=a").then()
                .statusCode(400)
                .body("extensions.validationErrors.field", equalTo(List.of("advancedMeterGroupByFilters")));
    }

    @Test
    void postTakesTheSameQueryAsJson() {
        admin().contentType(ContentType.JSON)
                .body(Map.of("subject", List.of(subject), "windowSize", "DAY", "groupBy", List.of("model"),
                        "filterGroupBy", Map.of("model", List.of(model, "gpt-4o")),
                        "from", day1.toString(), "to", day3.toString()))
                .post("/api/v1/meters/llm_input_tokens/query").then().statusCode(200)
                .body("windowSize", equalTo("DAY"))
                .body("data.value", equalTo(List.of(20, 100, 3)))
                .body("data.groupBy.model", equalTo(List.of("gpt-4o", model, model)));
    }

    @Test
    void csvIsServedWhenAskedFor() {
        String csv = admin().accept("text/csv")
                .get("/api/v1/meters/llm_input_tokens/query?subject=" + subject + "&windowSize=DAY&groupBy=model")
                .then().statusCode(200).contentType(containsString("text/csv")).extract().asString();

        assertThat(csv.lines().toList()).containsExactly(
                "window_start,window_end,subject,model,value",
                day1 + "," + day2 + "," + subject + ",gpt-4o,20",
                day1 + "," + day2 + "," + subject + "," + model + ",100",
                day2 + "," + day3 + "," + subject + "," + model + ",3");
    }

    @Test
    void subjectsAndGroupValuesAreListed() {
        admin().get("/api/v1/meters/llm_input_tokens/subjects").then().statusCode(200).body("$", hasItem(subject));
        admin().get("/api/v1/meters/llm_input_tokens/group-by/model/values").then().statusCode(200)
                .body("$", hasItems(model, "gpt-4o"));
        admin().get("/api/v1/meters/llm_input_tokens/group-by/model/values?from=" + day2 + "&to=" + day3)
                .then().statusCode(200).body("$", hasItem(model));
        admin().get("/api/v1/meters/llm_input_tokens/group-by/colour/values").then().statusCode(404)
                .contentType(PROBLEM);
    }

    @Test
    void badFiltersAreNamed() {
        admin().get("/api/v1/meters/llm_input_tokens/query?filterGroupBy[colour]=red").then().statusCode(400)
                .contentType(PROBLEM).body("extensions.validationErrors.field", hasItem("filterGroupBy[colour]"));
        admin().get("/api/v1/meters/llm_input_tokens/query?filterCustomerId=c1").then().statusCode(404)
                .contentType(PROBLEM).body("extensions.validationErrors.field", hasItem("filterCustomerId"));
        admin().contentType(ContentType.JSON).body(Map.of("filterGroupBy", Map.of("model", 5)))
                .post("/api/v1/meters/llm_input_tokens/query").then().statusCode(400).contentType(PROBLEM)
                .body("extensions.validationErrors.field", hasItem("filterGroupBy.model"));
    }
}
