package dev.tollgate.app.finance;

import static dev.tollgate.app.TestApi.admin;
import static dev.tollgate.app.billing.Billing.map;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tollgate.app.TestApi;
import dev.tollgate.app.TestTime;
import dev.tollgate.finance.domain.ChargebackPlan;
import dev.tollgate.finance.service.ChargebackPlanService;
import dev.tollgate.finance.service.ChargebackRunService;
import dev.tollgate.finance.service.UsageCosts;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * Chargeback plans and runs through the API and the run service: validation naming fields, one internal invoice per
 * department, exactly once per plan and period (asked twice, at once, and after a crash between invoices), and the
 * ledger in JSON and CSV. The costs are hand-made {@link UsageCosts} rows, given to the run service as the costs
 * engine would give them.
 */
@QuarkusTest
class ChargebackApiTest {

    private static final String PLANS = "/api/v1/chargeback/plans";
    private static final String RUNS = "/api/v1/chargeback/runs";

    @Inject
    ChargebackRunService runs;

    @Inject
    ChargebackPlanService plans;

    @Inject
    AgroalDataSource dataSource;

    @Test
    void plansAreMadeReadReplacedListedAndDeleted() {
        String gateway = customer("gateway-" + UUID.randomUUID(), Map.of());
        JsonPath created = admin().contentType(ContentType.JSON).body(map("name", "Monthly", "departmentKey",
                "costCenter", "markupPercent", "7.5", "currency", "EUR", "allocationRules", List.of(
                        map("customer", gateway, "split", "proportional"),
                        map("feature", "embeddings", "split", "fixed", "percentages", map("eng", 60, "ops", 40)))))
                .post(PLANS).then().statusCode(201).extract().jsonPath();
        String id = created.getString("id");
        assertThat(created.getString("markupPercent")).isEqualTo("7.5");
        assertThat(created.getString("creditAccount")).isEqualTo("platform");
        assertThat(created.getString("departmentLevel")).isNull();
        assertThat(created.getString("allocationRules[0].customer")).isEqualTo(gateway);
        assertThat(created.getString("allocationRules[1].percentages.eng")).isEqualTo("60");

        admin().get(PLANS + "/" + id).then().statusCode(200).body("name", org.hamcrest.Matchers.equalTo("Monthly"));
        JsonPath replaced = admin().contentType(ContentType.JSON).body(map("name", "At cost", "currency", "EUR"))
                .put(PLANS + "/" + id).then().statusCode(200).extract().jsonPath();
        assertThat(replaced.getString("markupPercent")).isEqualTo("0");
        assertThat(replaced.getInt("departmentLevel")).isEqualTo(1);
        assertThat(replaced.getList("allocationRules")).isEmpty();
        assertThat(admin().get(PLANS + "?pageSize=1000").then().statusCode(200).extract().jsonPath()
                .getList("items.id")).contains(id);

        admin().delete(PLANS + "/" + id).then().statusCode(204);
        admin().get(PLANS + "/" + id).then().statusCode(200).body("deletedAt", org.hamcrest.Matchers.notNullValue());
        assertThat(admin().get(PLANS + "?pageSize=1000").then().statusCode(200).extract().jsonPath()
                .getList("items.id")).doesNotContain(id);
        problem(admin().contentType(ContentType.JSON).body(map("planId", id, "periodStart",
                TestTime.iso(TestTime.day(-2)), "periodEnd", TestTime.iso(TestTime.day(-1)))).post(RUNS), 400,
                "planId");
    }

    @Test
    void badPlansAndRunsAreAnsweredWithTheFieldsThatAreWrong() {
        problem(post(PLANS, map("name", "x", "currency", "EUR", "allocationRules", List.of(map("feature", "f",
                "split", "fixed", "percentages", map("eng", 60, "ops", 39.99))))), 400,
                "allocationRules[0].percentages");
        problem(post(PLANS, map("name", "x", "currency", "EUR", "allocationRules", List.of(map("customer",
                "nobody-" + UUID.randomUUID(), "split", "proportional")))), 400, "allocationRules[0].customer");
        problem(post(PLANS, map("name", "x", "currency", "EUR", "allocationRules", List.of(map("feature", "f",
                "split", "evenly")))), 400, "allocationRules[0].split");
        problem(post(PLANS, map("name", "x", "currency", "EUR", "markupPercent", -1)), 400, "markupPercent");
        problem(post(PLANS, map("name", "x", "currency", "EUR", "departmentKey", "costCenter", "departmentLevel",
                2)), 400, "departmentLevel");
        problem(post(PLANS, map("name", "x")), 400, "currency");
        problem(admin().contentType(ContentType.JSON).body("{\"name\": \"x\", \"currency\": \"EUR\","
                + " \"markupPercent\": \"lots\"}").post(PLANS), 400, "markupPercent");

        problem(post(RUNS, map()), 400, "planId", "periodStart", "periodEnd");
        problem(post(RUNS, map("planId", "p", "periodStart", "yesterday", "periodEnd",
                TestTime.iso(TestTime.day(-1)))), 400, "periodStart");
        problem(post(RUNS, map("planId", "p", "periodStart", TestTime.iso(TestTime.day(-1)), "periodEnd",
                TestTime.iso(TestTime.day(-2)))), 400, "periodEnd");
        problem(post(RUNS, map("planId", "p", "periodStart", TestTime.iso(TestTime.day(-1)), "periodEnd",
                TestTime.iso(TestTime.day(2)))), 400, "periodEnd");
        problem(post(RUNS, map("planId", "01J5AVNM7H1PT65RDFWGXXPT47", "periodStart",
                TestTime.iso(TestTime.day(-2)), "periodEnd", TestTime.iso(TestTime.day(-1)))), 404,
                "01J5AVNM7H1PT65RDFWGXXPT47");
        problem(admin().get(RUNS + "/01J5AVNM7H1PT65RDFWGXXPT47"), 404, "01J5AVNM7H1PT65RDFWGXXPT47");
        problem(admin().get(RUNS + "/01J5AVNM7H1PT65RDFWGXXPT47/ledger"), 404, "01J5AVNM7H1PT65RDFWGXXPT47");
        problem(admin().get(RUNS + "?pageSize=0"), 400, "pageSize");
    }

    @Test
    void aRunInvoicesEachDepartmentOnceAndItsLedgerAddsUpToTheRoundedTotal() {
        String tag = UUID.randomUUID().toString().substring(0, 8);
        String eng = "eng-" + tag;
        String sales = "sales-" + tag;
        String ops = "ops-" + tag;
        String gateway = customer("gateway-" + tag, Map.of("costCenter", ops));
        ChargebackPlan plan = plan(map("name", "Monthly " + tag, "departmentKey", "costCenter", "markupPercent", "10",
                "currency", "USD", "allocationRules", List.of(map("customer", gateway, "split", "proportional"))));
        Instant start = TestTime.day(-3);
        Instant end = TestTime.day(-2);
        // eng 2.001 + sales 1.0005 direct; the gateway's 0.3 shared 2:1; nobody's 0.00333 on the ledger only.
        List<UsageCosts.Row> rows = List.of(row(eng, "c1", "gpt", "2.001"), row(sales, "c2", "api", "1.0005"),
                row(ops, gateway, "api", "0.3"), row(null, null, "api", "0.00333"),
                new UsageCosts.Row(start, end, group(eng, "c1", "gpt"), "EUR", BigDecimal.ONE, new BigDecimal("99")));

        ChargebackRunService.RunDocument first = runs.record(plan, start, end, rows);
        ChargebackRunService.RunDocument second = runs.record(plan, start, end, rows);
        assertThat(first.created()).isTrue();
        assertThat(second.created()).isFalse();
        assertThat(second.run().id).isEqualTo(first.run().id);

        JsonPath run = admin().get(RUNS + "/" + first.run().id).then().statusCode(200).extract().jsonPath();
        assertThat(run.getString("status")).isEqualTo("completed");
        assertThat(run.getList("lines.department")).containsExactly(eng, sales, null);
        // eng: (2.001 + 0.2) * 1.1 = 2.4211; sales: (1.0005 + 0.1) * 1.1 = 1.21055; none: 0.003663; sum 3.635313.
        assertThat(run.getString("lines[0].allocatedCost")).isEqualTo("0.2");
        assertThat(new BigDecimal(run.getString("lines[0].total"))).isEqualByComparingTo("2.4211");
        assertThat(new BigDecimal(run.getString("lines[1].markup"))).isEqualByComparingTo("0.11005");
        assertThat(run.getLong("totalMinor")).isEqualTo(364);
        assertThat(run.getString("amount")).isEqualTo("3.64");
        assertThat(run.getString("lines[2].invoiceId")).isNull();
        assertThat(run.getString("lines[2].costCenter")).isEqualTo("unassigned");

        for (int i = 0; i < 2; i++) {
            String department = run.getString("lines[" + i + "].department");
            String customerId = run.getString("lines[" + i + "].billingCustomerId");
            JsonPath customer = admin().get("/api/v1/customers/" + customerId).then().statusCode(200).extract()
                    .jsonPath();
            assertThat(customer.getString("key")).isEqualTo("chargeback-" + department);
            JsonPath invoices = invoicesOf(customerId);
            assertThat(invoices.getList("items")).hasSize(1);
            assertThat(invoices.getString("items[0].id")).isEqualTo(run.getString("lines[" + i + "].invoiceId"));
            assertThat(invoices.getString("items[0].status")).isEqualTo("payment_processing");
            assertThat(invoices.getString("items[0].totals.total")).isEqualTo(run.getString("lines[" + i
                    + "].amount"));
            String profileId = invoices.getString("items[0].workflow.sourceBillingProfileId");
            admin().get("/api/v1/billing/profiles/" + profileId).then().statusCode(200)
                    .body("metadata.'tollgate.purpose'", org.hamcrest.Matchers.equalTo("internal"))
                    .body("default", org.hamcrest.Matchers.equalTo(false));
        }

        JsonPath ledger = admin().get(RUNS + "/" + first.run().id + "/ledger").then().statusCode(200).extract()
                .jsonPath();
        assertThat(ledger.getLong("totalMinor")).isEqualTo(364);
        assertThat(ledger.getList("lines.debitAccount")).containsExactly("expense:" + eng, "expense:" + eng,
                "expense:" + sales, "expense:" + sales, "expense:unassigned");
        assertThat(ledger.getList("lines.creditAccount")).containsExactly("platform", "expense:" + ops, "platform",
                "expense:" + ops, "platform");
        assertThat(ledger.getList("lines.amountMinor", Long.class).stream().mapToLong(Long::longValue).sum())
                .isEqualTo(364);

        String csv = TestApi.admin().accept("text/csv").get(RUNS + "/" + first.run().id + "/ledger").then()
                .statusCode(200).contentType(org.hamcrest.Matchers.startsWith("text/csv")).extract().asString();
        List<String> lines = csv.lines().toList();
        assertThat(lines.get(0)).isEqualTo("runId,periodStart,periodEnd,currency,position,department,costCenter,"
                + "debitAccount,creditAccount,amountMinor,amount");
        assertThat(lines).hasSize(6);
        long csvTotal = lines.stream().skip(1).mapToLong(l -> Long.parseLong(l.split(",")[9])).sum();
        assertThat(csvTotal).isEqualTo(364);
        assertThat(lines.get(5)).contains(",unassigned,expense:unassigned,platform,");
    }

    @Test
    void aRunStoppedBetweenInvoicesIsResumedWithoutASecondInvoice() throws Exception {
        String tag = UUID.randomUUID().toString().substring(0, 8);
        ChargebackPlan plan = plan(map("name", "Crash " + tag, "departmentKey", "costCenter", "currency", "USD"));
        Instant start = TestTime.day(-5);
        Instant end = TestTime.day(-4);
        List<UsageCosts.Row> rows = List.of(row("a-" + tag, "c1", "api", "5"), row("b-" + tag, "c2", "api", "7"));
        ChargebackRunService.RunDocument made = runs.record(plan, start, end, rows);
        String customerA = made.lines().get(0).billingCustomerId;
        String invoiceA = made.lines().get(0).invoiceId;

        // As if the process died after issuing a's invoice, before writing it down, and before b's.
        try (Connection c = dataSource.getConnection(); PreparedStatement update = c.prepareStatement(
                "UPDATE chargeback_run_lines SET invoice_id = NULL WHERE run_id = ?")) {
            update.setString(1, made.run().id);
            update.executeUpdate();
        }
        try (Connection c = dataSource.getConnection(); PreparedStatement update = c.prepareStatement(
                "UPDATE chargeback_runs SET status = 'invoicing', completed_at = NULL WHERE id = ?")) {
            update.setString(1, made.run().id);
            update.executeUpdate();
        }

        JsonPath resumed = admin().contentType(ContentType.JSON).body(map("planId", plan.id(), "periodStart",
                TestTime.iso(start), "periodEnd", TestTime.iso(end))).post(RUNS).then().statusCode(200).extract()
                .jsonPath();
        assertThat(resumed.getString("id")).isEqualTo(made.run().id);
        assertThat(resumed.getString("status")).isEqualTo("completed");
        assertThat(resumed.getString("lines[0].invoiceId")).isEqualTo(invoiceA);
        assertThat(invoicesOf(customerA).getList("items")).hasSize(1);
        assertThat(invoicesOf(made.lines().get(1).billingCustomerId).getList("items")).hasSize(1);
    }

    @Test
    void twoRunsOfThePlanAndPeriodAtOnceMakeOneRunAndOneSetOfInvoices() throws Exception {
        String tag = UUID.randomUUID().toString().substring(0, 8);
        ChargebackPlan plan = plan(map("name", "Race " + tag, "departmentKey", "costCenter", "currency", "JPY"));
        Instant start = TestTime.day(-7);
        Instant end = TestTime.day(-6);
        List<UsageCosts.Row> rows = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            rows.add(new UsageCosts.Row(start, end, group("d" + i + "-" + tag, "c" + i, "api"), "JPY",
                    BigDecimal.TEN, new BigDecimal("100.5")));
        }
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<ChargebackRunService.RunDocument>> results = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                Callable<ChargebackRunService.RunDocument> call = () -> runs.record(plan, start, end, rows);
                results.add(pool.submit(call));
            }
            List<String> ids = new ArrayList<>();
            int created = 0;
            for (Future<ChargebackRunService.RunDocument> result : results) {
                ChargebackRunService.RunDocument document = result.get();
                ids.add(document.run().id);
                created += document.created() ? 1 : 0;
            }
            assertThat(ids).containsOnly(ids.get(0));
            assertThat(created).isEqualTo(1);
        } finally {
            pool.shutdown();
        }
        JsonPath run = admin().get(RUNS + "?planId=" + plan.id()).then().statusCode(200).extract().jsonPath();
        assertThat(run.getInt("totalCount")).isEqualTo(1);
        // 4 x 100.5 = 402 yen: largest remainder gives the two missing yen to the first two departments.
        assertThat(run.getList("items[0].lines.totalMinor", Long.class)).containsExactly(101L, 101L, 100L, 100L);
        for (Object customerId : run.getList("items[0].lines.billingCustomerId")) {
            assertThat(invoicesOf((String) customerId).getList("items")).hasSize(1);
        }
    }

    private ChargebackPlan plan(Map<String, Object> body) {
        String id = post(PLANS, body).then().statusCode(201).extract().path("id");
        return plans.get(namespaceOf(id), id);
    }

    private String namespaceOf(String planId) {
        try (Connection c = dataSource.getConnection(); PreparedStatement select = c.prepareStatement(
                "SELECT namespace FROM chargeback_plans WHERE id = ?")) {
            select.setString(1, planId);
            var result = select.executeQuery();
            result.next();
            return result.getString(1);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String customer(String key, Map<String, String> metadata) {
        return post("/api/v1/customers", map("key", key, "name", key, "usageAttribution", map("subjectKeys",
                List.of()), "metadata", metadata)).then().statusCode(201).extract().path("id");
    }

    private static JsonPath invoicesOf(String customerId) {
        return admin().get("/api/v1/billing/invoices?customers=" + customerId + "&pageSize=100").then()
                .statusCode(200).extract().jsonPath();
    }

    private static UsageCosts.Row row(String department, String customer, String feature, String cost) {
        return new UsageCosts.Row(TestTime.day(-3), TestTime.day(-2), group(department, customer, feature), "USD",
                BigDecimal.ONE, new BigDecimal(cost));
    }

    private static Map<String, String> group(String department, String customer, String feature) {
        Map<String, String> group = new HashMap<>();
        group.put(UsageCosts.DEPARTMENT, department);
        group.put(UsageCosts.CUSTOMER, customer);
        group.put(UsageCosts.FEATURE, feature);
        return group;
    }

    private static Response post(String path, Object body) {
        return admin().contentType(ContentType.JSON).body(body).post(path);
    }

    private static void problem(Response response, int status, String... fields) {
        response.then().statusCode(status).contentType(TestApi.PROBLEM);
        String text = response.asString();
        for (String field : fields) {
            assertThat(text).as("problem names %s", field).contains(field);
        }
    }
}
