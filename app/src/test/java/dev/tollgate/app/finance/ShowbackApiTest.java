package dev.tollgate.app.finance;

import static dev.tollgate.app.TestApi.PROBLEM;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.hasItem;

import dev.tollgate.app.AggregatorBarrier;
import dev.tollgate.app.TestTime;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The showback report over the API, each test in a namespace of its own: effective-dated LLM prices, departments by
 * hierarchy level and by metadata key, the exact CSV, and parameters answered 400 naming the field.
 */
@QuarkusTest
class ShowbackApiTest {

    private static final Map<String, String> LLM_GROUPS = Map.of("model", "$.model", "type", "$.type");

    @Test
    void aPriceChangeAppliesFromItsMinuteAndNeverRewritesEarlierReports() {
        Finance f = Finance.newNamespace();
        f.meter("tokens", "SUM", "llm", "$.tokens", LLM_GROUPS);
        f.feature("chat_tokens", "tokens", null, Map.of("type", "llm", "provider", "acme",
                "modelProperty", "model", "tokenTypeProperty", "type"));
        Instant day = TestTime.day(-2);
        // Created newest first: each fills time no price covered yet, so neither rewrites history.
        String later = f.price("acme", "m1", "USD", Map.of("input_per_token", "0.002", "output_per_token", "0.004"),
                TestTime.at(day, "12:00:30"), null);
        f.price("acme", "m1", "USD", Map.of("input_per_token", "0.001", "output_per_token", "0.003"),
                TestTime.iso(day.minus(Duration.ofDays(1))), null);
        f.ingest(List.of(tokens("s1", TestTime.at(day, "10:00:00"), "m1", "input", 100),
                tokens("s1", TestTime.at(day, "10:20:00"), "m1", "output", 50),
                tokens("s1", TestTime.at(day, "12:00:10"), "m1", "input", 10),
                tokens("s1", TestTime.at(day, "12:01:00"), "m1", "request", 1000),
                tokens("s1", TestTime.at(day, "15:00:00"), "m1", "output", 7),
                tokens("s1", TestTime.at(day, "11:00:00"), "mystery", "input", 5)));
        AggregatorBarrier.await();

        String range = "from=" + TestTime.iso(day) + "&to=" + TestTime.iso(day.plus(Duration.ofDays(1)));
        JsonPath whole = f.api().get("/api/v1/reports/showback?" + range).then().statusCode(200).extract().jsonPath();
        assertThat(whole.getString("totals[0].currency")).isEqualTo("USD");
        assertThat(whole.getString("totals[0].usage")).isEqualTo("1172");
        // 100 × 0.001 + 50 × 0.003 + 10 × 0.001 (12:00:10 is before the change's first whole minute) + 1000 × 0.002
        // + 7 × 0.004; the 5 tokens of an unpriced model cost 0 and are warned about.
        assertThat(whole.getString("totals[0].cost")).isEqualTo("2.288");
        assertThat(whole.getList("warnings", String.class)).anyMatch(w -> w.contains("mystery"));

        JsonPath hourly = f.api().get("/api/v1/reports/showback?" + range + "&windowSize=HOUR&groupBy=model")
                .then().statusCode(200).extract().jsonPath();
        Map<String, String> costByHourAndModel = new HashMap<>();
        for (Map<String, Object> row : hourly.<Map<String, Object>>getList("data")) {
            costByHourAndModel.put(row.get("windowStart") + " " + ((Map<?, ?>) row.get("group")).get("model"),
                    (String) row.get("cost"));
        }
        assertThat(costByHourAndModel).containsEntry(TestTime.at(day, "10:00:00") + " m1", "0.25")
                .containsEntry(TestTime.at(day, "11:00:00") + " mystery", "0")
                .containsEntry(TestTime.at(day, "12:00:00") + " m1", "2.01")
                .containsEntry(TestTime.at(day, "15:00:00") + " m1", "0.028");

        // History stays: a past price is refused, a future one changes nothing already reported, and the price
        // that took effect cannot be deleted.
        f.json().body(Map.of("provider", "acme", "model_id", "m1", "currency", "USD", "effective_from",
                TestTime.at(day, "14:00:00"), "pricing", Map.of("input_per_token", "9", "output_per_token", "9")))
                .post("/api/v1/llm-cost/overrides").then().statusCode(409);
        f.price("acme", "m1", "USD", Map.of("input_per_token", "5", "output_per_token", "5"),
                TestTime.iso(TestTime.now().plus(Duration.ofDays(3))), null);
        f.api().delete("/api/v1/llm-cost/overrides/" + later).then().statusCode(409);
        assertThat(f.api().get("/api/v1/reports/showback?" + range).then().statusCode(200).extract().jsonPath()
                .getString("totals[0].cost")).isEqualTo("2.288");
    }

    @Test
    void departmentsRollUpAtEveryDepthOrByMetadata() {
        Finance f = Finance.newNamespace();
        f.meter("calls", "COUNT", "call", null, Map.of());
        f.feature("calls", "calls", null, Map.of("type", "manual", "amount", "0.5"));
        String org = f.customer("org", null, Map.of("costCenter", "corp"), "s-org");
        String d1 = f.customer("d1", org, Map.of("costCenter", "eng"));
        String d2 = f.customer("d2", org, null, "s-d2");
        String t1 = f.customer("t1", d1, null, "s-t1");
        String m1 = f.customer("m1", t1, Map.of("costCenter", "ml"), "s-m1");
        Instant day = TestTime.day(-2);
        List<Map<String, Object>> events = new ArrayList<>();
        Map<String, Integer> counts = Map.of("s-org", 1, "s-d2", 2, "s-t1", 3, "s-m1", 4, "s-nobody", 5);
        counts.forEach((subject, n) -> {
            for (int i = 0; i < n; i++) {
                events.add(Finance.event("call", subject, TestTime.at(day, "09:0" + i + ":00"), Map.of()));
            }
        });
        f.ingest(events);
        AggregatorBarrier.await();

        String range = "from=" + TestTime.iso(day) + "&to=" + TestTime.iso(day.plus(Duration.ofDays(1)))
                + "&groupBy=department";
        assertThat(usageByDepartment(f, range + "&departmentLevel=0")).isEqualTo(map(org, "10", null, "5"));
        assertThat(usageByDepartment(f, range)).isEqualTo(map(org, "1", d1, "7", d2, "2", null, "5"));
        assertThat(usageByDepartment(f, range + "&departmentLevel=2"))
                .isEqualTo(map(org, "1", d2, "2", t1, "7", null, "5"));
        assertThat(usageByDepartment(f, range + "&departmentLevel=3"))
                .isEqualTo(map(org, "1", d2, "2", t1, "3", m1, "4", null, "5"));
        assertThat(usageByDepartment(f, range + "&departmentKey=costCenter"))
                .isEqualTo(map("corp", "3", "eng", "3", "ml", "4", null, "5"));
        JsonPath level1 = f.api().get("/api/v1/reports/showback?" + range).then().statusCode(200).extract()
                .jsonPath();
        assertThat(level1.getString("data.find { it.group.department == '" + d1 + "' }.cost")).isEqualTo("3.5");
        assertThat(level1.getString("data.find { it.group.department == '" + d1 + "' }.share")).isEqualTo("0.466667");
        assertThat(level1.getString("totals[0].cost")).isEqualTo("7.5");
    }

    @Test
    void aSubjectThatChangesHandsIsEachCustomersWhileItWasTheirs() {
        Finance f = Finance.newNamespace();
        f.meter("calls", "COUNT", "call", null, Map.of());
        f.feature("calls", "calls", null, Map.of("type", "manual", "amount", "1"));
        String first = f.customer("first", null, null, "shared");
        Instant moved = TestTime.now();
        Instant from = moved.minus(Duration.ofHours(1)).truncatedTo(ChronoUnit.MINUTES);
        f.ingest(List.of(Finance.event("call", "shared", TestTime.iso(moved.minus(Duration.ofMinutes(5))), Map.of()),
                Finance.event("call", "shared", TestTime.iso(moved.minus(Duration.ofMinutes(30))), Map.of())));
        f.json().body(Map.of("key", "first", "name", "First", "usageAttribution", Map.of("subjectKeys", List.of())))
                .put("/api/v1/customers/" + first).then().statusCode(200);
        String second = f.customer("second", null, null, "shared");
        TestTime.advance(Duration.ofMinutes(20));
        f.ingest(List.of(Finance.event("call", "shared", TestTime.iso(moved.plus(Duration.ofMinutes(5))), Map.of())));
        AggregatorBarrier.await();

        Map<String, String> usage = new HashMap<>();
        for (Map<String, Object> row : f.api().get("/api/v1/reports/showback?from=" + TestTime.iso(from) + "&to="
                + TestTime.iso(moved.plus(Duration.ofMinutes(15))) + "&groupBy=customer").then().statusCode(200)
                .extract().jsonPath().<Map<String, Object>>getList("data")) {
            usage.put((String) ((Map<?, ?>) row.get("group")).get("customer"), (String) row.get("usage"));
        }
        assertThat(usage).isEqualTo(map(first, "2", second, "1"));
    }

    @Test
    void csvHoldsTheSameRowsExactly() {
        Finance f = Finance.newNamespace();
        f.meter("calls", "COUNT", "call", null, Map.of("route", "$.route"));
        f.feature("calls", "calls", null, Map.of("type", "manual", "amount", "0.25", "currency", "EUR"));
        String a = f.customer("a", null, null, "s-a");
        String b = f.customer("b", null, null, "s-b");
        Instant day = TestTime.day(-2);
        f.ingest(List.of(Finance.event("call", "s-a", TestTime.at(day, "08:00:00"), Map.of("route", "/chat")),
                Finance.event("call", "s-a", TestTime.at(day, "08:01:00"), Map.of("route", "/chat")),
                Finance.event("call", "s-a", TestTime.at(day, "08:02:00"), Map.of("route", "/a,\"b\"")),
                Finance.event("call", "s-b", TestTime.at(day, "23:59:00"), Map.of("route", "/chat"))));
        AggregatorBarrier.await();

        String from = TestTime.iso(day);
        String to = TestTime.iso(day.plus(Duration.ofDays(1)));
        String csv = f.api().accept("text/csv").get("/api/v1/reports/showback?from=" + from + "&to=" + to
                + "&windowSize=DAY&groupBy=customer&groupBy=route").then().statusCode(200)
                .contentType("text/csv").extract().asString();
        assertThat(csv).isEqualTo("window_start,window_end,customer,route,currency,usage,cost,share\n"
                + from + "," + to + "," + a + ",\"/a,\"\"b\"\"\",EUR,1,0.25,0.250000\n"
                + from + "," + to + "," + a + ",/chat,EUR,2,0.5,0.500000\n"
                + from + "," + to + "," + b + ",/chat,EUR,1,0.25,0.250000\n");
    }

    @Test
    void badParametersAreNamed() {
        Finance f = Finance.newNamespace();
        String from = TestTime.iso(TestTime.day(-2));
        String to = TestTime.iso(TestTime.day(-1));
        reject(f, "to=" + to, "from");
        reject(f, "from=" + from, "to");
        reject(f, "from=yesterday&to=" + to, "from");
        reject(f, "from=" + to + "&to=" + from, "to");
        reject(f, "from=" + from + "&to=" + to + "&windowSize=WEEK", "windowSize");
        reject(f, "from=" + from + "&to=" + to + "&windowTimeZone=Mars/Olympus", "windowTimeZone");
        reject(f, "from=" + from + "&to=" + to + "&groupBy=colour", "groupBy");
        reject(f, "from=" + from + "&to=" + to + "&groupBy=customer&groupBy=customer", "groupBy");
        reject(f, "from=" + from + "&to=" + to + "&departmentLevel=-1", "departmentLevel");
        reject(f, "from=" + from + "&to=" + to + "&departmentKey=cc&departmentLevel=2", "departmentLevel");
        f.api().get("/api/v1/reports/showback?from=" + from + "&to=" + to).then().statusCode(200);
    }

    private static void reject(Finance f, String query, String field) {
        f.api().get("/api/v1/reports/showback?" + query).then().statusCode(400).contentType(PROBLEM)
                .body("extensions.validationErrors.field", hasItem(field));
    }

    private static Map<String, String> usageByDepartment(Finance f, String query) {
        Map<String, String> usage = new HashMap<>();
        for (Map<String, Object> row : f.api().get("/api/v1/reports/showback?" + query).then().statusCode(200)
                .extract().jsonPath().<Map<String, Object>>getList("data")) {
            usage.put((String) ((Map<?, ?>) row.get("group")).get("department"), (String) row.get("usage"));
        }
        return usage;
    }

    private static Map<String, String> map(String... keysAndValues) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }

    private static Map<String, Object> tokens(String subject, String time, String model, String type, int tokens) {
        return Finance.event("llm", subject, time, Map.of("model", model, "type", type, "tokens", tokens));
    }
}
