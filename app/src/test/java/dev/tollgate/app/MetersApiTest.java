package dev.tollgate.app;

import static dev.tollgate.app.TestApi.PROBLEM;
import static dev.tollgate.app.TestApi.admin;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Meter definitions over OpenMeter's v1 API: create, read, replace, delete, and every invalid definition. */
@QuarkusTest
class MetersApiTest {

    static String uniqueSlug() {
        return "m_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    }

    static Map<String, Object> sumMeter(String slug) {
        Map<String, Object> meter = new LinkedHashMap<>();
        meter.put("slug", slug);
        meter.put("description", "Tokens by model");
        meter.put("aggregation", "SUM");
        meter.put("eventType", "prompt-" + slug);
        meter.put("valueProperty", "$.tokens");
        meter.put("groupBy", Map.of("model", "$.model"));
        meter.put("metadata", Map.of("team", "ai"));
        return meter;
    }

    @Test
    void createdMeterIsReadByIdAndSlugAndListed() {
        String slug = uniqueSlug();
        String id = admin().contentType(ContentType.JSON).body(sumMeter(slug)).post("/api/v1/meters").then()
                .statusCode(201)
                .body("id", matchesPattern("[0-9A-HJKMNP-TV-Z]{26}"))
                .body("slug", equalTo(slug))
                .body("name", equalTo(slug))
                .body("aggregation", equalTo("SUM"))
                .body("valueProperty", equalTo("$.tokens"))
                .body("groupBy.model", equalTo("$.model"))
                .body("metadata.team", equalTo("ai"))
                .extract().path("id");

        admin().get("/api/v1/meters/" + id).then().statusCode(200).body("slug", equalTo(slug));
        admin().get("/api/v1/meters/" + slug).then().statusCode(200).body("id", equalTo(id));
        admin().get("/api/v1/meters").then().statusCode(200).body("slug", hasItem(slug));
        admin().get("/api/v1/meters/" + slug + "/backfill").then().statusCode(200)
                .body("generation", equalTo(1));
    }

    @Test
    void aSlugNamesOneLiveMeter() {
        String slug = uniqueSlug();
        admin().contentType(ContentType.JSON).body(sumMeter(slug)).post("/api/v1/meters").then().statusCode(201);

        admin().contentType(ContentType.JSON).body(sumMeter(slug)).post("/api/v1/meters").then()
                .statusCode(409).contentType(PROBLEM).body("detail", containsString(slug));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "slug|Tokens Total",
        "slug|two__underscores",
        "aggregation|PERCENTILE",
        "eventType|''",
        "valueProperty|tokens",
        "valueProperty|$..[",
        "eventFrom|yesterday",
        "name|''",
    })
    void invalidFieldsAreNamed(String field, String value) {
        rejectCreate(m -> m.put(field, value), field);
    }

    @Test
    void requiredFieldsAreNamed() {
        rejectCreate(m -> m.remove("slug"), "slug");
        rejectCreate(m -> m.remove("aggregation"), "aggregation");
        rejectCreate(m -> m.remove("eventType"), "eventType");
        rejectCreate(m -> m.remove("valueProperty"), "valueProperty");
    }

    @Test
    void countTakesNoValuePropertyAndOthersNeedOne() {
        rejectCreate(m -> m.put("aggregation", "COUNT"), "valueProperty");
        rejectCreate(m -> {
            m.put("aggregation", "MAX");
            m.remove("valueProperty");
        }, "valueProperty");
    }

    @Test
    void groupByKeysFollowOpenMetersRules() {
        rejectCreate(m -> m.put("groupBy", Map.of("subject", "$.user")), "groupBy.subject");
        rejectCreate(m -> m.put("groupBy", Map.of("1st", "$.model")), "groupBy");
        rejectCreate(m -> m.put("groupBy", Map.of("model", "model")), "groupBy.model");
        rejectCreate(m -> m.put("groupBy", Map.of("tokens", "$.tokens")), "groupBy.tokens");
    }

    @Test
    void malformedBodiesAreProblems() {
        admin().contentType(ContentType.JSON).body("{\"slug\":").post("/api/v1/meters").then()
                .statusCode(400).contentType(PROBLEM);
        admin().contentType(ContentType.JSON).body("{\"slug\":\"a\",\"groupBy\":[1]}").post("/api/v1/meters").then()
                .statusCode(400).contentType(PROBLEM);
        admin().contentType(ContentType.TEXT).body("slug=a").post("/api/v1/meters").then()
                .statusCode(415);
    }

    @Test
    void updateReplacesTheChangeableFields() {
        String slug = uniqueSlug();
        admin().contentType(ContentType.JSON).body(sumMeter(slug)).post("/api/v1/meters").then().statusCode(201);

        admin().contentType(ContentType.JSON)
                .body(Map.of("name", "Tokens", "groupBy", Map.of("model", "$.model"), "aggregation", "SUM"))
                .put("/api/v1/meters/" + slug).then().statusCode(200)
                .body("name", equalTo("Tokens"))
                .body("description", nullValue())
                .body("metadata", nullValue())
                .body("groupBy.model", equalTo("$.model"));
        // Same group-by: the windows stay, no new generation.
        admin().get("/api/v1/meters/" + slug + "/backfill").then().statusCode(200).body("generation", equalTo(1));
    }

    @Test
    void fixedFieldsCannotBeChanged() {
        String slug = uniqueSlug();
        admin().contentType(ContentType.JSON).body(sumMeter(slug)).post("/api/v1/meters").then().statusCode(201);

        admin().contentType(ContentType.JSON).body(Map.of("aggregation", "MAX", "eventType", "other"))
                .put("/api/v1/meters/" + slug).then().statusCode(400).contentType(PROBLEM)
                .body("extensions.validationErrors.field", hasItem("aggregation"))
                .body("extensions.validationErrors.field", hasItem("eventType"));
        admin().contentType(ContentType.JSON).body(Map.of("name", "x"))
                .put("/api/v1/meters/" + uniqueSlug()).then().statusCode(404).contentType(PROBLEM);
    }

    @Test
    void deletedMeterIsGoneButItsSlugCanBeUsedAgain() {
        String slug = uniqueSlug();
        String id = admin().contentType(ContentType.JSON).body(sumMeter(slug)).post("/api/v1/meters").then()
                .statusCode(201).extract().path("id");

        admin().delete("/api/v1/meters/" + slug).then().statusCode(204);

        admin().get("/api/v1/meters/" + slug).then().statusCode(404).contentType(PROBLEM);
        admin().get("/api/v1/meters/" + id).then().statusCode(200).body("deletedAt", notNullValue());
        admin().delete("/api/v1/meters/" + id).then().statusCode(404);
        admin().get("/api/v1/meters/" + id + "/query").then().statusCode(404);
        admin().get("/api/v1/meters").then().body("slug", not(hasItem(slug)));
        admin().get("/api/v1/meters?includeDeleted=true").then().body("id", hasItem(id));
        admin().delete("/api/v1/meters/" + slug).then().statusCode(404);
        admin().contentType(ContentType.JSON).body(sumMeter(slug)).post("/api/v1/meters").then().statusCode(201)
                .body("id", not(equalTo(id)));
    }

    private static void rejectCreate(Consumer<Map<String, Object>> change, String field) {
        Map<String, Object> meter = new HashMap<>(sumMeter(uniqueSlug()));
        change.accept(meter);
        admin().contentType(ContentType.JSON).body(meter).post("/api/v1/meters").then()
                .statusCode(400).contentType(PROBLEM)
                .body("title", not(nullValue()))
                .body("detail", containsString(field))
                .body("extensions.validationErrors.field", hasItem(field));
    }
}
