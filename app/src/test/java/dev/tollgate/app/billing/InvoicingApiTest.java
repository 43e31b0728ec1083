package dev.tollgate.app.billing;

import static dev.tollgate.app.TestApi.PROBLEM;
import static dev.tollgate.app.TestApi.admin;
import static dev.tollgate.app.billing.Billing.map;
import static dev.tollgate.app.billing.Billing.path;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.matchesPattern;

import dev.tollgate.app.TestApi;
import dev.tollgate.app.TestTime;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The invoicing API end to end: a subscription's cycle closes into invoices by the billing run, with numbers, totals
 * and an explanation; the lifecycle's actions and their refusals; one-off charges and invoicing now.
 */
@QuarkusTest
class InvoicingApiTest {

    @Test
    void aCycleClosesIntoNumberedInvoicesThatExplainThemselves() {
        String meter = Billing.meter("COUNT");
        String feature = Billing.feature(meter);
        String plan = Billing.publish(Billing.plan("USD", List.of(Billing.flatFee("platform", "29", "in_advance"),
                Billing.usage(feature, Billing.unitPrice("0.5")))));
        String subject = TestApi.uniqueSubject();
        String customer = Billing.customer(subject, null);
        Instant start = Billing.nextDay();
        String subscription = Billing.subscribe(customer, plan, start);

        TestTime.advanceTo(start.plus(Duration.ofHours(2)));
        Billing.usageEvents(meter, subject, List.of(start.plusSeconds(600), start.plusSeconds(700),
                start.plusSeconds(800)), List.of("1", "1", "1"));
        Billing.awaitTotal(meter, subject, "3");
        Billing.run();
        List<Map<String, Object>> first = Billing.invoices(customer);
        assertThat(first).hasSize(1);
        assertThat((String) path(first, 0, "number")).matches("INV-\\d{4}-\\d{6}");
        assertThat((String) path(first, 0, "status")).isEqualTo("payment_processing");
        assertThat(path(first, 0, "totals", "total").toString()).isEqualTo("29");
        assertThat((List<?>) path(first, 0, "lines")).hasSize(1);
        assertThat((String) path(first, 0, "lines", 0, "subscription", "subscription", "id")).isEqualTo(subscription);

        // Running again changes nothing: the fee's line is on the first invoice, and usage is not due yet.
        Billing.run();
        assertThat(Billing.invoices(customer)).hasSize(1);

        TestTime.advanceTo(Billing.plusMonths(start, 1).plus(Duration.ofHours(2)));
        Billing.run();
        List<Map<String, Object>> both = Billing.invoices(customer);
        assertThat(both).hasSize(2);
        Map<String, Object> second = both.get(1);
        assertThat(path(second, "totals", "total").toString()).isEqualTo("30.5");
        List<Map<String, Object>> lines = path(second, "lines");
        Map<String, Object> usageLine = lines.stream().filter(l -> feature.equals(l.get("featureKey"))).findFirst()
                .orElseThrow();
        assertThat(usageLine.get("quantity").toString()).isEqualTo("3");
        assertThat(path(usageLine, "totals", "total").toString()).isEqualTo("1.5");
        assertThat(path(usageLine, "period", "from").toString()).isEqualTo(start.toString());

        admin().get("/api/v1/billing/invoices/" + second.get("id") + "/lines/" + usageLine.get("id") + "/explain")
                .then().statusCode(200)
                .body("price.type", equalTo("unit"))
                .body("usage.query.meterSlug", equalTo(meter))
                .body("usage.query.subjects[0].subject", equalTo(subject))
                .body("usage.quantity", equalTo(3))
                .body("usage.windows[0].value", equalTo(3))
                .body("charges[0].amount", equalTo(1.5f));
        // The days are the meter's as it is now: a late event shows at once in the next explain (a kept answer would
        // be wrong), while the line's quantity stays what was billed.
        Billing.usageEvents(meter, subject, List.of(start.plusSeconds(900)), List.of("1"));
        Billing.awaitTotal(meter, subject, "4");
        admin().get("/api/v1/billing/invoices/" + second.get("id") + "/lines/" + usageLine.get("id") + "/explain")
                .then().statusCode(200)
                .body("usage.quantity", equalTo(3))
                .body("usage.windows[0].value", equalTo(4));

        String paid = (String) path(first, 0, "id");
        admin().contentType(ContentType.JSON).body(Map.of("trigger", "paid"))
                .post("/api/v1/apps/custom-invoicing/" + paid + "/payment/status").then().statusCode(204);
        Billing.invoice(paid).body("status", equalTo("paid"))
                .body("statusDetails.availableActions", equalTo(Map.of()));
        admin().contentType(ContentType.JSON).body(map("action", map("percentage", 100, "action",
                map("type", "discard")), "reason", "mistake")).post("/api/v1/billing/invoices/" + paid + "/void")
                .then().statusCode(409).contentType(PROBLEM)
                .body("extensions.validationErrors.field", hasItem("void"))
                .body("extensions.availableActions", equalTo(List.of()));
    }

    @Test
    void aDraftWaitsForApprovalAndCanBeDeletedBackToPending() {
        String customer = Billing.customer(TestApi.uniqueSubject(), "USD");
        admin().contentType(ContentType.JSON).body(map("workflow", map("invoicing", map("autoAdvance", false))))
                .put("/api/v1/billing/customers/" + customer).then().statusCode(200)
                .body("customerProfile.workflow.invoicing.autoAdvance", equalTo(false))
                .body("customerProfile.workflow.collection.interval", equalTo("PT1H"));
        Instant now = TestTime.now();
        admin().contentType(ContentType.JSON).body(map("currency", "USD", "lines", List.of(map("name", "Setup",
                "period", map("from", now.minusSeconds(3600).toString(), "to", now.toString()),
                "invoiceAt", now.toString(), "price", map("type", "flat", "amount", "100")))))
                .post("/api/v1/billing/customers/" + customer + "/invoices/pending-lines").then().statusCode(201)
                .body("isInvoiceNew", equalTo(true))
                .body("invoice.status", equalTo("gathering"))
                .body("lines[0].managedBy", equalTo("manual"));
        String draft = admin().contentType(ContentType.JSON).body(map("customerId", customer))
                .post("/api/v1/billing/invoices/invoice").then().statusCode(201)
                .body("[0].status", equalTo("draft"))
                .body("[0].statusDetails.extendedStatus", equalTo("draft.manual_approval_needed"))
                .body("[0].number", matchesPattern("DRAFT-.*"))
                .body("[0].totals.total", equalTo("100"))
                .extract().path("[0].id");
        admin().post("/api/v1/billing/invoices/" + draft + "/advance").then().statusCode(409).contentType(PROBLEM)
                .body("extensions.availableActions", equalTo(List.of("approve", "snapshotQuantities", "delete")));
        admin().delete("/api/v1/billing/invoices/" + draft).then().statusCode(204);
        String again = admin().contentType(ContentType.JSON).body(map("customerId", customer))
                .post("/api/v1/billing/invoices/invoice").then().statusCode(201).extract().path("[0].id");
        admin().post("/api/v1/billing/invoices/" + again + "/approve").then().statusCode(200)
                .body("status", equalTo("payment_processing"))
                .body("number", matchesPattern("INV-\\d{4}-\\d{6}"))
                .body("statusDetails.availableActions.void.resultingState", equalTo("voided"));
    }

    @Test
    void mistakesAreClearProblems() {
        String customer = Billing.customer(TestApi.uniqueSubject(), "EUR");
        Instant now = TestTime.now();
        admin().contentType(ContentType.JSON).body(map("currency", "USD", "lines", List.of(map("name", "Setup",
                "period", map("from", now.minusSeconds(3600).toString(), "to", now.toString()),
                "invoiceAt", now.toString(), "price", map("type", "flat", "amount", "100")))))
                .post("/api/v1/billing/customers/" + customer + "/invoices/pending-lines").then().statusCode(400)
                .contentType(PROBLEM).body("extensions.validationErrors.field", hasItem("currency"));
        admin().contentType(ContentType.JSON).body(map("name", "Bad", "supplier", map("name", "Acme"),
                "default", false, "workflow", map("invoicing", map("dueAfter", "-P1D"))))
                .post("/api/v1/billing/profiles").then().statusCode(400).contentType(PROBLEM)
                .body("extensions.validationErrors.field", hasItem("workflow.invoicing.dueAfter"));
        admin().contentType(ContentType.JSON).body(map("customerId", customer))
                .post("/api/v1/billing/invoices/invoice").then().statusCode(400).contentType(PROBLEM)
                .body("extensions.validationErrors.field", hasItem("customerId"));
        admin().get("/api/v1/billing/invoices/01JD0NOSUCHINVOICE00000000").then().statusCode(404)
                .contentType(PROBLEM);
    }
}
