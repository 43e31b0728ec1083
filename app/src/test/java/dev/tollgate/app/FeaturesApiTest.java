package dev.tollgate.app;

import static dev.tollgate.app.TestApi.PROBLEM;
import static dev.tollgate.app.TestApi.admin;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** Features over OpenMeter's v1 API: create, read, list, archive (DELETE), and every invalid definition. */
@QuarkusTest
class FeaturesApiTest {

    static String uniqueKey(String prefix) {
        return prefix + "_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    }

    /** A COUNT meter of gateway requests, grouped by route and status, as the default api_requests meter. */
    static String requestMeter() {
        String slug = MetersApiTest.uniqueSlug();
        admin().contentType(ContentType.JSON).body(Map.of("slug", slug, "aggregation", "COUNT",
                "eventType", "api-request-" + slug, "groupBy", Map.of("route", "$.route", "status", "$.status")))
                .post("/api/v1/meters").then().statusCode(201);
        return slug;
    }

    /** A SUM meter of LLM tokens, grouped by model and token type. */
    static String tokenMeter() {
        String slug = MetersApiTest.uniqueSlug();
        admin().contentType(ContentType.JSON).body(Map.of("slug", slug, "aggregation", "SUM",
                "eventType", "llm-" + slug, "valueProperty", "$.tokens",
                "groupBy", Map.of("model", "$.model", "type", "$.type")))
                .post("/api/v1/meters").then().statusCode(201);
        return slug;
    }

    static Map<String, Object> feature(String key, String meterSlug) {
        Map<String, Object> feature = new LinkedHashMap<>();
        feature.put("key", key);
        feature.put("name", "Feature " + key);
        if (meterSlug != null) {
            feature.put("meterSlug", meterSlug);
        }
        return feature;
    }

    /** Creates a feature on the meter (static when null) and returns its key. */
    static String createFeature(String prefix, String meterSlug) {
        String key = uniqueKey(prefix);
        admin().contentType(ContentType.JSON).body(feature(key, meterSlug)).post("/api/v1/features").then()
                .statusCode(201);
        return key;
    }

    @Test
    void meteredFeatureIsReadByIdAndKeyAndListed() {
        String meter = tokenMeter();
        String key = uniqueKey("input_tokens");
        Map<String, Object> body = feature(key, meter);
        body.put("metadata", Map.of("team", "ai"));
        body.put("meterGroupByFilters", Map.of("model", "gpt-4o", "type", "input"));
        body.put("unitCost", Map.of("type", "manual", "amount", "0.0000025", "currency", "EUR"));

        String id = admin().contentType(ContentType.JSON).body(body).post("/api/v1/features").then()
                .statusCode(201)
                .body("id", matchesPattern("[0-9A-HJKMNP-TV-Z]{26}"))
                .body("key", equalTo(key))
                .body("name", equalTo("Feature " + key))
                .body("meterSlug", equalTo(meter))
                .body("meterGroupByFilters.model", equalTo("gpt-4o"))
                .body("meterGroupByFilters.type", equalTo("input"))
                .body("metadata.team", equalTo("ai"))
                .body("unitCost.amount", equalTo("0.0000025"))
                .body("unitCost.type", equalTo("manual"))
                .body("unitCost.currency", equalTo("EUR"))
                .body("archivedAt", nullValue())
                .body("createdAt", notNullValue())
                .extract().path("id");

        admin().get("/api/v1/features/" + id).then().statusCode(200).body("key", equalTo(key));
        admin().get("/api/v1/features/" + key).then().statusCode(200).body("id", equalTo(id));
        admin().get("/api/v1/features").then().statusCode(200).body("key", hasItem(key));
        admin().get("/api/v1/features?meterSlug=" + meter).then().statusCode(200)
                .body("$", hasSize(1)).body("[0].id", equalTo(id));
    }

    @Test
    void pageOrPageSizeAnswersOpenMetersPaginatedShape() {
        String meter = requestMeter();
        createFeature("chat_requests", meter);
        createFeature("search_requests", meter);

        admin().get("/api/v1/features?meterSlug=" + meter + "&page=1&pageSize=1").then().statusCode(200)
                .body("totalCount", equalTo(2))
                .body("page", equalTo(1))
                .body("pageSize", equalTo(1))
                .body("items", hasSize(1))
                .body("items[0].key", containsString("chat_requests"));
        admin().get("/api/v1/features?meterSlug=" + meter + "&page=2&pageSize=1&order=DESC").then().statusCode(200)
                .body("items[0].key", containsString("chat_requests"));
        admin().get("/api/v1/features?pageSize=0").then().statusCode(400).contentType(PROBLEM)
                .body("extensions.validationErrors.field", hasItem("pageSize"));
        admin().get("/api/v1/features?orderBy=color").then().statusCode(400).contentType(PROBLEM)
                .body("extensions.validationErrors.field", hasItem("orderBy"));
    }

    @Test
    void staticFeatureHasNoMeterAndNumbersAreAnsweredAsStrings() {
        String key = uniqueKey("sso");
        admin().contentType(ContentType.JSON).body(Map.of("key", key, "name", "Single sign-on"))
                .post("/api/v1/features").then().statusCode(201)
                .body("meterSlug", nullValue())
                .body("unitCost", nullValue());

        Map<String, Object> priced = feature(uniqueKey("requests"), requestMeter());
        priced.put("unitCost", Map.of("amount", 0.0005));
        admin().contentType(ContentType.JSON).body(priced).post("/api/v1/features").then().statusCode(201)
                .body("unitCost", equalTo(Map.of("type", "manual", "amount", "0.0005")));

        priced.put("unitCost", Map.of("type", "llm", "provider", "openai", "model", "gpt-4o"));
        admin().contentType(ContentType.JSON).body(priced).post("/api/v1/features").then().statusCode(400)
                .contentType(PROBLEM).body("extensions.validationErrors.field", hasItem("unitCost.tokenType"));
        priced.put("unitCost", Map.of("type", "gold", "amount", "1"));
        admin().contentType(ContentType.JSON).body(priced).post("/api/v1/features").then().statusCode(400)
                .contentType(PROBLEM).body("extensions.validationErrors.field", hasItem("unitCost.type"));
    }

    @Test
    void llmAndMeterUnitCostsNameTheirSources() {
        String tokens = tokenMeter();
        Map<String, Object> llm = feature(uniqueKey("tokens"), tokens);
        llm.put("unitCost", Map.of("type", "llm", "provider", "openai", "modelProperty", "model",
                "tokenTypeProperty", "type"));
        admin().contentType(ContentType.JSON).body(llm).post("/api/v1/features").then().statusCode(201)
                .body("unitCost", equalTo(Map.of("type", "llm", "provider", "openai", "modelProperty", "model",
                        "tokenTypeProperty", "type")));
        admin().get("/api/v1/features/" + llm.get("key")).then().statusCode(200)
                .body("unitCost.modelProperty", equalTo("model")).body("unitCost.amount", nullValue());

        Map<String, Object> viaMeter = feature(uniqueKey("tokens"), tokens);
        viaMeter.put("unitCost", Map.of("type", "meter", "meter", tokenMeter(), "currency", "EUR"));
        admin().contentType(ContentType.JSON).body(viaMeter).post("/api/v1/features").then().statusCode(201)
                .body("unitCost.type", equalTo("meter")).body("unitCost.currency", equalTo("EUR"));
    }

    @Test
    void badLlmAndMeterUnitCostsAreNamed() {
        String tokens = tokenMeter();
        rejectLlm(tokens, Map.of("type", "llm", "model", "gpt-4o", "tokenType", "input"), "unitCost.provider");
        rejectLlm(tokens, Map.of("type", "llm", "provider", "openai", "providerProperty", "provider",
                "model", "gpt-4o", "tokenType", "input"), "unitCost.providerProperty");
        rejectLlm(tokens, Map.of("type", "llm", "provider", "openai", "model", "gpt-4o", "tokenType", "pixels"),
                "unitCost.tokenType");
        rejectLlm(tokens, Map.of("type", "llm", "provider", "openai", "modelProperty", "region",
                "tokenType", "input"), "unitCost.modelProperty");
        rejectLlm(tokens, Map.of("type", "meter"), "unitCost.meter");
        rejectLlm(tokens, Map.of("type", "meter", "meter", MetersApiTest.uniqueSlug()), "unitCost.meter");
        Map<String, Object> filtered = feature(uniqueKey("tokens"), tokens);
        filtered.put("meterGroupByFilters", Map.of("type", "input"));
        filtered.put("unitCost", Map.of("type", "meter", "meter", requestMeter()));
        admin().contentType(ContentType.JSON).body(filtered).post("/api/v1/features").then().statusCode(400)
                .contentType(PROBLEM).body("extensions.validationErrors.field", hasItem("unitCost.meter"));
    }

    private static void rejectLlm(String meter, Map<String, Object> unitCost, String field) {
        Map<String, Object> body = feature(uniqueKey("tokens"), meter);
        body.put("unitCost", unitCost);
        admin().contentType(ContentType.JSON).body(body).post("/api/v1/features").then().statusCode(400)
                .contentType(PROBLEM).body("extensions.validationErrors.field", hasItem(field));
    }

    @Test
    void aKeyNamesOneLiveFeature() {
        String key = createFeature("requests", requestMeter());

        admin().contentType(ContentType.JSON).body(feature(key, null)).post("/api/v1/features").then()
                .statusCode(409).contentType(PROBLEM).body("detail", containsString(key));
    }

    @Test
    void deleteArchivesTheFeatureAndFreesItsKey() {
        String key = createFeature("requests", requestMeter());
        String id = admin().get("/api/v1/features/" + key).then().extract().path("id");

        admin().delete("/api/v1/features/" + id).then().statusCode(204);

        admin().get("/api/v1/features/" + id).then().statusCode(404).contentType(PROBLEM);
        admin().get("/api/v1/features").then().body("id", not(hasItem(id)));
        admin().get("/api/v1/features?includeArchived=true").then().body("id", hasItem(id))
                .body("find { it.id == '" + id + "' }.archivedAt", notNullValue());
        admin().delete("/api/v1/features/" + id).then().statusCode(404).contentType(PROBLEM);
        String again = admin().contentType(ContentType.JSON).body(feature(key, null)).post("/api/v1/features")
                .then().statusCode(201).body("id", not(equalTo(id))).extract().path("id");
        admin().get("/api/v1/features/" + key).then().statusCode(200).body("id", equalTo(again));
    }

    @Test
    void aMeterThatALiveFeatureUsesCannotBeDeleted() {
        String meter = requestMeter();
        String key = createFeature("requests", meter);

        admin().delete("/api/v1/meters/" + meter).then().statusCode(409).contentType(PROBLEM)
                .body("detail", containsString("feature '" + key + "'"));
        admin().get("/api/v1/meters/" + meter).then().statusCode(200);

        admin().delete("/api/v1/features/" + key).then().statusCode(204);
        admin().delete("/api/v1/meters/" + meter).then().statusCode(204);
    }

    @Test
    void unknownFeatureIsNotFound() {
        admin().get("/api/v1/features/" + uniqueKey("nothing")).then().statusCode(404).contentType(PROBLEM);
        admin().delete("/api/v1/features/" + uniqueKey("nothing")).then().statusCode(404).contentType(PROBLEM);
    }

    @Test
    void invalidFieldsAreNamed() {
        rejectCreate(f -> f.put("key", "API Requests"), "key");
        rejectCreate(f -> f.remove("key"), "key");
        rejectCreate(f -> f.remove("name"), "name");
        rejectCreate(f -> f.put("meterSlug", MetersApiTest.uniqueSlug()), "meterSlug");
        rejectCreate(f -> f.put("meterGroupByFilters", Map.of("model", "gpt-4o")), "meterGroupByFilters.model");
        rejectCreate(f -> f.put("unitCost", Map.of("amount", "-0.01")), "unitCost.amount");
        rejectCreate(f -> f.put("unitCost", Map.of("amount", "0.01", "currency", "ABC")), "unitCost.currency");
        rejectCreate(f -> f.put("unitCost", Map.of("amount", "cheap")), "unitCost.amount");
        rejectCreate(f -> f.put("metadata", Map.of("team", Map.of("nested", true))), "metadata.team");
    }

    @Test
    void filtersAndUnitCostNeedAMeter() {
        rejectCreate(f -> {
            f.remove("meterSlug");
            f.put("meterGroupByFilters", Map.of("route", "/v1/chat"));
        }, "meterGroupByFilters");
        rejectCreate(f -> {
            f.remove("meterSlug");
            f.put("unitCost", Map.of("amount", "0.01"));
        }, "unitCost");
    }

    @Test
    void aFeatureCountsOnlyUsageThatAddsUp() {
        String slug = MetersApiTest.uniqueSlug();
        admin().contentType(ContentType.JSON).body(Map.of("slug", slug, "aggregation", "MAX",
                "eventType", "max-" + slug, "valueProperty", "$.tokens")).post("/api/v1/meters").then()
                .statusCode(201);

        admin().contentType(ContentType.JSON).body(feature(uniqueKey("largest"), slug)).post("/api/v1/features")
                .then().statusCode(400).contentType(PROBLEM)
                .body("extensions.validationErrors.field", hasItem("meterSlug"))
                .body("detail", containsString("MAX"));
    }

    private static String sharedMeter;

    private static void rejectCreate(Consumer<Map<String, Object>> change, String field) {
        if (sharedMeter == null) {
            sharedMeter = requestMeter();
        }
        Map<String, Object> feature = feature(uniqueKey("requests"), sharedMeter);
        change.accept(feature);
        admin().contentType(ContentType.JSON).body(feature).post("/api/v1/features").then()
                .statusCode(400).contentType(PROBLEM)
                .body("detail", containsString(field))
                .body("extensions.validationErrors.field", hasItem(field));
    }
}
