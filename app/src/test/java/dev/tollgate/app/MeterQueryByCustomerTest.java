package dev.tollgate.app;

import static dev.tollgate.app.TestApi.CLOUDEVENT_BATCH;
import static dev.tollgate.app.TestApi.PROBLEM;
import static dev.tollgate.app.TestApi.admin;
import static dev.tollgate.app.TestApi.llmUsage;
import static dev.tollgate.app.TestApi.uniqueSubject;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** filterCustomerId: usage of a customer's subjects, one row per customer, as in OpenMeter. */
@QuarkusTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MeterQueryByCustomerTest {

    private static final String QUERY = "/api/v1/meters/llm_input_tokens/query";

    private final String a1 = uniqueSubject();
    private final String a2 = uniqueSubject();
    private final String b1 = uniqueSubject();
    private final String unattributed = uniqueSubject();

    private String acme;
    private String globex;
    /** The days the events fall on, two days ago and yesterday by the app's clock. */
    private java.time.Instant day1;
    private java.time.Instant day2;

    /** Once per class, but not in a {@code @BeforeAll}: RestAssured knows the app's port only once a test runs. */
    @BeforeEach
    void ingest() {
        if (acme != null) {
            return;
        }
        acme = CustomersApiTest.createId(CustomersApiTest.customer(CustomersApiTest.uniqueKey(), a1, a2));
        globex = CustomersApiTest.createId(CustomersApiTest.customer(CustomersApiTest.uniqueKey(), b1));
        day1 = TestTime.day(-2);
        day2 = day1.plus(java.time.Duration.ofDays(1));
        admin().contentType(CLOUDEVENT_BATCH).body(List.of(
                llmUsage(a1, TestTime.at(day1, "10:00:00"), "gpt-4o", 100, 1),
                llmUsage(a2, TestTime.at(day1, "11:00:00"), "gpt-4o", 20, 1),
                llmUsage(a2, TestTime.at(day2, "09:00:00"), "o3", 3, 1),
                llmUsage(b1, TestTime.at(day1, "12:00:00"), "gpt-4o", 5000, 1),
                llmUsage(unattributed, TestTime.at(day1, "12:00:00"), "gpt-4o", 7, 1)))
                .post("/api/v1/events").then().statusCode(204);
        IngestAndQueryTest.awaitTotal("llm_input_tokens", a1, "100");
        IngestAndQueryTest.awaitTotal("llm_input_tokens", a2, "23");
        IngestAndQueryTest.awaitTotal("llm_input_tokens", b1, "5000");
        IngestAndQueryTest.awaitTotal("llm_input_tokens", unattributed, "7");
    }

    @Test
    void eachCustomerGetsTheSumOfItsSubjects() {
        admin().get(QUERY + "?filterCustomerId=" + acme + "&filterCustomerId=" + globex).then().statusCode(200)
                .body("data", hasSize(2))
                .body("data.find { it.customerId == '" + acme + "' }.value", equalTo(123))
                .body("data.find { it.customerId == '" + globex + "' }.value", equalTo(5000))
                .body("data.subject", equalTo(java.util.Arrays.asList(null, null)));
    }

    @Test
    void customerRowsSplitByWindowAndGroup() {
        admin().get(QUERY + "?filterCustomerId=" + acme + "&windowSize=DAY&groupBy=model"
                + "&from=" + day1 + "&to=" + day2.plus(java.time.Duration.ofDays(1))).then().statusCode(200)
                .body("data.value", equalTo(List.of(120, 3)))
                .body("data.groupBy.model", equalTo(List.of("gpt-4o", "o3")))
                .body("data.customerId", equalTo(List.of(acme, acme)))
                .body("data.windowStart", equalTo(List.of(day1.toString(), day2.toString())));
    }

    @Test
    void aSubjectFilterNarrowsTheCustomersSubjects() {
        admin().get(QUERY + "?filterCustomerId=" + acme + "&subject=" + a2).then().statusCode(200)
                .body("data.value", equalTo(List.of(23)))
                .body("data[0].subject", equalTo(a2))
                .body("data[0].customerId", equalTo(acme));
        admin().get(QUERY + "?filterCustomerId=" + acme + "&subject=" + b1).then().statusCode(200)
                .body("data", hasSize(0));
        admin().get(QUERY + "?filterCustomerId=" + acme + "&groupBy=subject").then().statusCode(200)
                .body("data.subject", equalTo(List.of(a1, a2).stream().sorted().toList()));
    }

    @Test
    void postCsvAndOpenMetersCustomerIdGroupWorkToo() {
        admin().contentType(ContentType.JSON)
                .body(Map.of("filterCustomerId", List.of(globex), "groupBy", List.of("customer_id")))
                .post(QUERY).then().statusCode(200)
                .body("data.value", equalTo(List.of(5000)))
                .body("data.customerId", equalTo(List.of(globex)));
        String csv = admin().accept("text/csv").get(QUERY + "?filterCustomerId=" + globex).then().statusCode(200)
                .extract().asString();
        assertThat(csv.lines().toList()).hasSize(2);
        assertThat(csv.lines().findFirst()).hasValue("window_start,window_end,subject,customer_id,value");
        assertThat(csv).contains("," + globex + ",5000");
    }

    @Test
    void rowsWithoutACustomerFilterHaveNoCustomerId() {
        admin().get(QUERY + "?subject=" + a1).then().statusCode(200)
                .body("data[0].customerId", nullValue())
                .body("data[0]", org.hamcrest.Matchers.not(org.hamcrest.Matchers.hasKey("customerId")));
    }

    /**
     * Billing needs attribution in time: a subject that moves from one customer to another counts for the first up to
     * the move and for the second after it, in the same query and in windows.
     */
    @Test
    void aSubjectMovedMidRangeCountsForEachCustomerOnItsSide() {
        String mover = uniqueSubject();
        String keyA = CustomersApiTest.uniqueKey();
        String keyB = CustomersApiTest.uniqueKey();
        String before = CustomersApiTest.createId(CustomersApiTest.customer(keyA, mover));
        String after = CustomersApiTest.createId(CustomersApiTest.customer(keyB));
        java.time.Instant start = TestTime.now().truncatedTo(java.time.temporal.ChronoUnit.MINUTES);
        admin().contentType(CLOUDEVENT_BATCH).body(List.of(llmUsage(mover, TestTime.iso(start.minusSeconds(60)),
                "gpt-4o", 40, 1))).post("/api/v1/events").then().statusCode(204);
        IngestAndQueryTest.awaitTotal("llm_input_tokens", mover, "40");

        TestTime.advanceTo(start.plusSeconds(120));
        CustomersApiTest.replace(keyA, CustomersApiTest.customer(keyA)).statusCode(200);
        CustomersApiTest.replace(keyB, CustomersApiTest.customer(keyB, mover)).statusCode(200);
        java.time.Instant moved = TestTime.now();
        TestTime.advanceTo(moved.plusSeconds(120));
        admin().contentType(CLOUDEVENT_BATCH).body(List.of(llmUsage(mover, TestTime.iso(moved.plusSeconds(60)),
                "gpt-4o", 2, 1))).post("/api/v1/events").then().statusCode(204);
        IngestAndQueryTest.awaitTotal("llm_input_tokens", mover, "42");

        String range = "&from=" + start.minusSeconds(3600) + "&to=" + start.plusSeconds(3600);
        admin().get(QUERY + "?filterCustomerId=" + before + "&filterCustomerId=" + after + range).then()
                .statusCode(200)
                .body("data.find { it.customerId == '" + before + "' }.value", equalTo(40))
                .body("data.find { it.customerId == '" + after + "' }.value", equalTo(2));
        admin().get(QUERY + "?filterCustomerId=" + before + "&windowSize=MINUTE" + range).then().statusCode(200)
                .body("data.value", equalTo(List.of(40)));
        admin().get(QUERY + "?filterCustomerId=" + after + "&windowSize=MINUTE" + range).then().statusCode(200)
                .body("data.value", equalTo(List.of(2)));
    }

    @Test
    void aCustomerWithoutSubjectsHasNoUsage() {
        String idle = CustomersApiTest.createId(CustomersApiTest.customer(CustomersApiTest.uniqueKey()));
        admin().get(QUERY + "?filterCustomerId=" + idle).then().statusCode(200).body("data", hasSize(0));
    }

    @Test
    void unknownOrDeletedCustomersAreNotFound() {
        admin().get(QUERY + "?filterCustomerId=" + acme + "&filterCustomerId=01JD0NOSUCHCUSTOMER0000000").then()
                .statusCode(404).contentType(PROBLEM)
                .body("extensions.validationErrors.field", hasItem("filterCustomerId"));
        String gone = CustomersApiTest.createId(CustomersApiTest.customer(CustomersApiTest.uniqueKey()));
        admin().delete("/api/v1/customers/" + gone).then().statusCode(204);
        admin().get(QUERY + "?filterCustomerId=" + gone).then().statusCode(404).contentType(PROBLEM);
    }
}
