package dev.tollgate.app.finance;

import static dev.tollgate.app.TestApi.PROBLEM;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;

import dev.tollgate.app.TestTime;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/** The LLM cost table in OpenMeter's v3 shapes: create, list, get and delete, and the rules that keep history. */
@QuarkusTest
class LlmCostApiTest {

    private static final Map<String, Object> PRICING = Map.of("input_per_token", "0.0000025",
            "output_per_token", "0.00001", "cache_read_per_token", "0.00000125");

    @Test
    void pricesAreCreatedListedAndReadInOpenMetersShape() {
        Finance f = Finance.newNamespace();
        String from = TestTime.iso(TestTime.day(-10));
        String id = f.json().body(body("openai", "gpt-4o", from, null)).post("/api/v1/llm-cost/overrides").then()
                .statusCode(201)
                .body("provider.id", equalTo("openai")).body("model.id", equalTo("gpt-4o"))
                .body("model.name", equalTo("GPT-4o")).body("pricing.input_per_token", equalTo("0.0000025"))
                .body("pricing.cache_read_per_token", equalTo("0.00000125"))
                .body("pricing.reasoning_per_token", nullValue()).body("currency", equalTo("USD"))
                .body("source", equalTo("manual")).body("effective_from", equalTo(from))
                .body("effective_to", nullValue()).extract().path("id");
        String next = TestTime.iso(TestTime.now().plus(Duration.ofDays(5)));
        String nextId = f.json().body(body("openai", "gpt-4o", next, null)).post("/api/v1/llm-cost/overrides")
                .then().statusCode(201).extract().path("id");
        f.json().body(body("anthropic", "claude", from, null)).post("/api/v1/llm-cost/overrides").then()
                .statusCode(201);

        f.api().get("/api/v1/llm-cost/prices/" + id).then().statusCode(200).body("effective_to", equalTo(next));
        f.api().get("/api/v1/llm-cost/prices").then().statusCode(200).body("data", hasSize(3))
                .body("meta.page.total", equalTo(3)).body("data[0].model.id", equalTo("claude"));
        f.api().get("/api/v1/llm-cost/prices?filter[provider][eq]=openai&sort=effective_from desc").then()
                .statusCode(200).body("data", hasSize(2)).body("data[0].id", equalTo(nextId));
        f.api().get("/api/v1/llm-cost/overrides?filter[model_id]=claude&filter[currency][eq]=USD").then()
                .statusCode(200).body("data", hasSize(1));
        f.api().get("/api/v1/llm-cost/prices?provider=openai&model=gpt-4o&currency=USD").then().statusCode(200)
                .body("data", hasSize(2));
        f.api().get("/api/v1/llm-cost/prices?currency=EUR").then().statusCode(200).body("data", hasSize(0));
        f.api().get("/api/v1/llm-cost/prices?page[size]=1&page[number]=2").then().statusCode(200)
                .body("data", hasSize(1)).body("meta.page.number", equalTo(2)).body("meta.page.size", equalTo(1));
        f.api().get("/api/v1/llm-cost/prices/01ARZ3NDEKTSV4RRFFQ69G5FAV").then().statusCode(404);

        // A price not yet in effect may go; one in effect may not.
        f.api().delete("/api/v1/llm-cost/overrides/" + nextId).then().statusCode(204);
        f.api().get("/api/v1/llm-cost/prices/" + nextId).then().statusCode(404);
        f.api().get("/api/v1/llm-cost/prices/" + id).then().statusCode(200).body("effective_to", nullValue());
        f.api().delete("/api/v1/llm-cost/overrides/" + id).then().statusCode(409).contentType(PROBLEM);
    }

    @Test
    void overlapsAndRewritesOfHistoryAreRefused() {
        Finance f = Finance.newNamespace();
        String past = TestTime.iso(TestTime.day(-10));
        String soon = TestTime.iso(TestTime.now().plus(Duration.ofDays(2)));
        String later = TestTime.iso(TestTime.now().plus(Duration.ofDays(4)));
        String latest = TestTime.iso(TestTime.now().plus(Duration.ofDays(6)));
        f.json().body(body("openai", "o1", past, null)).post("/api/v1/llm-cost/overrides").then().statusCode(201);
        // the same start; an earlier past start the first price already covered
        f.json().body(body("openai", "o1", past, null)).post("/api/v1/llm-cost/overrides").then().statusCode(409);
        f.json().body(body("openai", "o1", TestTime.iso(TestTime.day(-5)), null)).post("/api/v1/llm-cost/overrides")
                .then().statusCode(409).contentType(PROBLEM);
        // explicit ranges in the future must not overlap
        f.json().body(body("openai", "o1", soon, latest)).post("/api/v1/llm-cost/overrides").then().statusCode(201);
        f.json().body(body("openai", "o1", later, null)).post("/api/v1/llm-cost/overrides").then().statusCode(409);
        // another currency is another series
        Map<String, Object> euro = body("openai", "o1", past, null);
        euro.put("currency", "EUR");
        f.json().body(euro).post("/api/v1/llm-cost/overrides").then().statusCode(201);
    }

    @Test
    void badPricesAreNamed() {
        Finance f = Finance.newNamespace();
        String from = TestTime.iso(TestTime.day(-1));
        reject(f, b -> b.remove("provider"), "provider");
        reject(f, b -> b.put("model_id", ""), "model_id");
        reject(f, b -> b.remove("currency"), "currency");
        reject(f, b -> b.put("currency", "XYZ"), "currency");
        reject(f, b -> b.remove("pricing"), "pricing");
        reject(f, b -> b.put("pricing", Map.of("output_per_token", "1")), "pricing.input_per_token");
        reject(f, b -> b.put("pricing", Map.of("input_per_token", "1", "output_per_token", "-1")),
                "pricing.output_per_token");
        reject(f, b -> b.put("pricing", Map.of("input_per_token", "cheap", "output_per_token", "1")),
                "pricing.input_per_token");
        reject(f, b -> b.remove("effective_from"), "effective_from");
        reject(f, b -> b.put("effective_from", "yesterday"), "effective_from");
        reject(f, b -> b.put("effective_to", from), "effective_to");
        f.api().get("/api/v1/llm-cost/prices?filter[colour][eq]=red").then().statusCode(400)
                .body("extensions.validationErrors.field", hasItem("filter[colour][eq]"));
        f.api().get("/api/v1/llm-cost/prices?sort=price").then().statusCode(400)
                .body("extensions.validationErrors.field", hasItem("sort"));
        f.api().get("/api/v1/llm-cost/prices?page[size]=0").then().statusCode(400)
                .body("extensions.validationErrors.field", hasItem("page[size]"));
    }

    private static void reject(Finance f, Consumer<Map<String, Object>> change, String field) {
        Map<String, Object> body = body("openai", "gpt-4o", TestTime.iso(TestTime.day(-1)), null);
        change.accept(body);
        f.json().body(body).post("/api/v1/llm-cost/overrides").then().statusCode(400).contentType(PROBLEM)
                .body("extensions.validationErrors.field", hasItem(field));
    }

    private static Map<String, Object> body(String provider, String model, String from, String to) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("provider", provider);
        body.put("model_id", model);
        body.put("model_name", "gpt-4o".equals(model) ? "GPT-4o" : model);
        body.put("pricing", PRICING);
        body.put("currency", "USD");
        body.put("effective_from", from);
        if (to != null) {
            body.put("effective_to", to);
        }
        return body;
    }
}
