package dev.tollgate.app.finance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tollgate.app.AggregatorBarrier;
import dev.tollgate.app.TestTime;
import dev.tollgate.finance.service.CostMonthRefresher;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The cost rollup: reports by customer or department over whole UTC months read each month's stored costs when it is
 * current, and always answer exactly what reading ClickHouse answers. The oracle is the same report in DAY windows,
 * which the rollup never serves; a stored row altered on purpose shows when the rollup was read.
 */
@QuarkusTest
class CostRollupTest {

    @Inject
    CostMonthRefresher refresher;

    @Inject
    EntityManager em;

    @Test
    void storedMonthsAnswerExactlyWhatClickHouseAnswersAndStepAsideWhenUsageOrInputsChange() {
        Finance f = Finance.newNamespace();
        f.meter("tokens", "SUM", "llm", "$.tokens", Map.of("model", "$.model", "type", "$.type"));
        f.meter("calls", "COUNT", "call", null, Map.of());
        f.feature("chat_tokens", "tokens", null, Map.of("type", "llm", "provider", "acme",
                "modelProperty", "model", "tokenTypeProperty", "type"));
        f.feature("calls", "calls", null, Map.of("type", "manual", "amount", "0.25"));
        f.price("acme", "m1", "USD", Map.of("input_per_token", "0.001", "output_per_token", "0.003"),
                TestTime.iso(TestTime.now().minus(Duration.ofDays(30))), null);
        String org = f.customer("org", null, Map.of("costCenter", "corp"));
        String d1 = f.customer("d1", org, Map.of("costCenter", "eng"), "s1");
        f.customer("d2", org, null, "s2");

        // Month one: the next UTC month, written while it runs; month two: the one after, ten days in.
        YearMonth one = YearMonth.from(TestTime.now().atZone(ZoneOffset.UTC)).plusMonths(1);
        YearMonth two = one.plusMonths(1);
        TestTime.advanceTo(day(one, 20));
        f.ingest(events(one, 1, 19));
        TestTime.advanceTo(day(two, 10));
        f.ingest(events(one, 25, 26));
        f.ingest(events(two, 1, 9));
        AggregatorBarrier.await();

        String whole = range(start(one), start(two.plusMonths(1)));
        String toFuture = range(start(one), day(two, 15));
        String toBeforeUsage = range(start(one), day(two, 5));
        List<String> shapes = List.of(whole + "&groupBy=customer", whole + "&groupBy=customer&groupBy=feature",
                whole + "&groupBy=department", whole + "&groupBy=department&departmentKey=costCenter",
                whole + "&groupBy=department&groupBy=meter&windowSize=MONTH", toFuture + "&groupBy=customer",
                toBeforeUsage + "&groupBy=customer");
        List<String> live = shapes.stream().map(q -> answer(f, q)).toList();
        shapes.forEach(q -> assertMatchesDays(f, q));

        // Nothing is computed while usage is being written; once the writes are older than the overlap, both months.
        assertThat(refresher.refresh(f.namespace)).isZero();
        TestTime.advance(Duration.ofSeconds(61));
        assertThat(refresher.refresh(f.namespace)).isEqualTo(2);
        assertThat(shapes.stream().map(q -> answer(f, q)).toList()).isEqualTo(live);
        // A quiet round computes nothing and only moves up how far usage was seen; the months stay in use.
        TestTime.advance(Duration.ofSeconds(61));
        assertThat(refresher.refresh(f.namespace)).isZero();
        // The rollup was read: an altered stored row shows, in every whole-month shape but the one that cannot use it.
        alterStoredCost(f, one, d1, "1000");
        assertThat(cost(f, whole + "&groupBy=customer", d1)).isEqualByComparingTo(
                new BigDecimal(costIn(live.get(0), d1)).add(new BigDecimal("1000")));
        assertThat(cost(f, toFuture + "&groupBy=customer", d1)).isEqualByComparingTo(
                new BigDecimal(costIn(live.get(5), d1)).add(new BigDecimal("1000")));
        alterStoredCost(f, one, d1, "-1000");
        assertThat(shapes.stream().map(q -> answer(f, q)).toList()).isEqualTo(live);

        // A late event into month one: the stored month is out of date, so reports read it live until recomputed,
        // which waits until the writes are older than the overlap.
        f.ingest(List.of(Finance.event("call", "s1", TestTime.iso(day(one, 28)), Map.of())));
        AggregatorBarrier.await();
        shapes.forEach(q -> assertMatchesDays(f, q));
        assertThat(refresher.refresh(f.namespace)).isZero();
        TestTime.advance(Duration.ofSeconds(61));
        // Month one and every month after it: a change names only the earliest minute it wrote.
        assertThat(refresher.refresh(f.namespace)).isEqualTo(2);
        shapes.forEach(q -> assertMatchesDays(f, q));
        alterStoredCost(f, one, d1, "1000");
        assertThat(cost(f, whole + "&groupBy=customer", d1)).isEqualByComparingTo(
                dayCost(f, whole + "&groupBy=customer", d1).add(new BigDecimal("1000")));
        alterStoredCost(f, one, d1, "-1000");

        // A subject changes hands: the months' inputs differ, so they are read live, then computed again.
        f.json().body(Map.of("key", "d1", "name", "Customer d1", "parentCustomerId", org,
                "usageAttribution", Map.of("subjectKeys", List.of("s1", "s2-new"))))
                .put("/api/v1/customers/" + d1).then().statusCode(200);
        shapes.forEach(q -> assertMatchesDays(f, q));
        TestTime.advance(Duration.ofSeconds(61));
        assertThat(refresher.refresh(f.namespace)).isPositive();
        shapes.forEach(q -> assertMatchesDays(f, q));
    }

    private static List<Map<String, Object>> events(YearMonth month, int firstDay, int lastDay) {
        List<Map<String, Object>> events = new ArrayList<>();
        for (int d = firstDay; d <= lastDay; d++) {
            String at = TestTime.iso(day(month, d).plus(Duration.ofHours(d % 24)));
            events.add(Finance.event("llm", "s1", at, Map.of("tokens", 100 + d, "model", "m1", "type", "input")));
            events.add(Finance.event("llm", "s2", at, Map.of("tokens", 7 * d, "model", "m1", "type", "output")));
            events.add(Finance.event("llm", "s3", at, Map.of("tokens", 3, "model", "m1", "type", "input")));
            events.add(Finance.event("call", d % 2 == 0 ? "s1" : "s2", at, Map.of()));
        }
        return events;
    }

    /** The report as JSON text, warnings aside (their order follows how the answer was put together). */
    private static String answer(Finance f, String query) {
        JsonPath json = f.api().get("/api/v1/reports/showback?" + query).then().statusCode(200).extract().jsonPath();
        return json.getList("data").toString() + " " + json.getList("totals").toString();
    }

    /** Every group's usage and cost over the range equal the same report's days added up. */
    private static void assertMatchesDays(Finance f, String query) {
        String plain = query.replace("&windowSize=MONTH", "");
        assertThat(sums(f, plain)).as(plain).isEqualTo(sums(f, plain + "&windowSize=DAY"));
    }

    private static Map<String, String> sums(Finance f, String query) {
        Map<String, BigDecimal[]> sums = new TreeMap<>();
        for (Map<String, Object> row : f.api().get("/api/v1/reports/showback?" + query).then().statusCode(200)
                .extract().jsonPath().<Map<String, Object>>getList("data")) {
            BigDecimal[] sum = sums.computeIfAbsent(row.get("group") + " " + row.get("currency"),
                    k -> new BigDecimal[] {BigDecimal.ZERO, BigDecimal.ZERO});
            sum[0] = sum[0].add(new BigDecimal((String) row.get("usage")));
            sum[1] = sum[1].add(new BigDecimal((String) row.get("cost")));
        }
        Map<String, String> shown = new TreeMap<>();
        sums.forEach((k, v) -> shown.put(k, v[0].stripTrailingZeros().toPlainString() + " "
                + v[1].stripTrailingZeros().toPlainString()));
        return shown;
    }

    private static BigDecimal cost(Finance f, String query, String customer) {
        return new BigDecimal(f.api().get("/api/v1/reports/showback?" + query).then().statusCode(200).extract()
                .jsonPath().getString("data.find { it.group.customer == '" + customer + "' }.cost"));
    }

    private static BigDecimal dayCost(Finance f, String query, String customer) {
        BigDecimal sum = BigDecimal.ZERO;
        for (Map<String, Object> row : f.api().get("/api/v1/reports/showback?" + query + "&windowSize=DAY").then()
                .statusCode(200).extract().jsonPath().<Map<String, Object>>getList("data")) {
            if (customer.equals(((Map<?, ?>) row.get("group")).get("customer"))) {
                sum = sum.add(new BigDecimal((String) row.get("cost")));
            }
        }
        return sum;
    }

    private static String costIn(String answer, String customer) {
        int at = answer.indexOf("customer=" + customer);
        int cost = answer.indexOf("cost=", at);
        return answer.substring(cost + 5, answer.indexOf(",", cost));
    }

    private void alterStoredCost(Finance f, YearMonth month, String customer, String delta) {
        int changed = QuarkusTransaction.requiringNew().call(() -> em.createNativeQuery("UPDATE"
                + " finance_cost_month_rows SET cost = cost + CAST(?1 AS numeric) WHERE namespace = ?2 AND month = ?3"
                + " AND customer_id = ?4 AND feature_key = 'chat_tokens'").setParameter(1, delta)
                .setParameter(2, f.namespace).setParameter(3, LocalDate.of(month.getYear(), month.getMonth(), 1))
                .setParameter(4, customer).executeUpdate());
        assertThat(changed).isEqualTo(1);
    }

    private static Instant start(YearMonth month) {
        return month.atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    private static Instant day(YearMonth month, int day) {
        return month.atDay(day).atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    private static String range(Instant from, Instant to) {
        return "from=" + TestTime.iso(from) + "&to=" + TestTime.iso(to);
    }
}
