package dev.tollgate.app;

import static dev.tollgate.app.TestApi.CLOUDEVENT;
import static dev.tollgate.app.TestApi.CLOUDEVENT_BATCH;
import static dev.tollgate.app.TestApi.PROBLEM;
import static dev.tollgate.app.TestApi.admin;
import static dev.tollgate.app.TestApi.apiRequest;
import static dev.tollgate.app.TestApi.uniqueSubject;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

import io.quarkus.test.junit.QuarkusTest;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every way a client can get an event wrong gets a 400 problem that names the event and field. */
@QuarkusTest
class IngestValidationTest {

    @ParameterizedTest
    @ValueSource(strings = { "id", "source", "type", "subject" })
    void requiredStringsMustBePresent(String field) {
        rejectSingle(e -> e.remove(field), field, "must be a non-empty string");
        rejectSingle(e -> e.put(field, ""), field, "must be a non-empty string");
        rejectSingle(e -> e.put(field, 42), field, "must be a non-empty string");
    }

    @Test
    void specVersionMustBeOnePointZero() {
        rejectSingle(e -> e.put("specversion", "0.3"), "specversion", "must be \"1.0\"");
        rejectSingle(e -> e.remove("specversion"), "specversion", "must be \"1.0\"");
    }

    @Test
    void timeMustBeRfc3339() {
        rejectSingle(e -> e.put("time", "2026-03-01"), "time", "RFC 3339");
        rejectSingle(e -> e.put("time", "2026-03-01T10:00:00"), "time", "RFC 3339");
        rejectSingle(e -> e.put("time", 1700000000), "time", "RFC 3339");
    }

    @Test
    void dataMustBeAnObject() {
        rejectSingle(e -> e.put("data", List.of(1, 2)), "data", "must be a JSON object");
        rejectSingle(e -> e.put("data", "text"), "data", "must be a JSON object");
    }

    @Test
    void badEventInABatchIsNamedByIndexAndRejectsTheWholeBatch() {
        String subject = uniqueSubject();
        Map<String, Object> good = apiRequest(subject, TestTime.at(-1, "00:00:00"), "/a", 200);
        Map<String, Object> bad = new HashMap<>(apiRequest(subject, TestTime.at(-1, "00:00:00"), "/a", 200));
        bad.put("id", "bad-one");
        bad.remove("source");

        admin().contentType(CLOUDEVENT_BATCH).body(List.of(good, bad)).post("/api/v1/events")
                .then().statusCode(400).contentType(PROBLEM)
                .body("title", equalTo("Bad Request"))
                .body("detail", containsString("event 1 (id \"bad-one\"): source must be a non-empty string"))
                .body("extensions.validationErrors.field", hasItem("[1].source"));

        // Same subject, so same partition and order: once this one is counted, the rejected batch would have been too.
        admin().contentType(CLOUDEVENT).body(apiRequest(subject, TestTime.at(-1, "00:00:00"), "/a", 200))
                .post("/api/v1/events").then().statusCode(204);
        IngestAndQueryTest.awaitTotal("api_requests", subject, "1");
    }

    @Test
    void malformedBodiesAreBadRequests() {
        for (String body : List.of("{\"specversion\":", "not json", "{} trailing", "")) {
            admin().contentType(CLOUDEVENT).body(body).post("/api/v1/events")
                    .then().statusCode(400).contentType(PROBLEM).body("status", equalTo(400));
        }
        admin().contentType(CLOUDEVENT_BATCH).body("[]").post("/api/v1/events")
                .then().statusCode(400).contentType(PROBLEM).body("detail", containsString("no events"));
        admin().contentType(CLOUDEVENT_BATCH).body("[1]").post("/api/v1/events")
                .then().statusCode(400).contentType(PROBLEM).body("detail", containsString("must be a JSON object"));
    }

    @Test
    void contentTypeMustMatchTheBodyShape() {
        Map<String, Object> event = apiRequest(uniqueSubject(), TestTime.at(-1, "00:00:00"), "/a", 200);
        admin().contentType(CLOUDEVENT).body(List.of(event)).post("/api/v1/events")
                .then().statusCode(400).contentType(PROBLEM).body("detail", containsString(CLOUDEVENT_BATCH));
        admin().contentType(CLOUDEVENT_BATCH).body(event).post("/api/v1/events")
                .then().statusCode(400).contentType(PROBLEM).body("detail", containsString("JSON array"));
    }

    @Test
    void wrongContentTypeIsUnsupported() {
        admin().contentType("text/plain").body("hello").post("/api/v1/events")
                .then().statusCode(415).contentType(PROBLEM).body("detail", containsString("text/plain"));
    }

    @Test
    void plainJsonTakesOneEventOrAnArray() {
        Map<String, Object> event = apiRequest(uniqueSubject(), TestTime.at(-1, "00:00:00"), "/a", 200);
        admin().contentType("application/json").body(event).post("/api/v1/events").then().statusCode(204);
        admin().contentType("application/json").body(List.of(event)).post("/api/v1/events").then().statusCode(204);
    }

    @Test
    void queryParametersAreValidated() {
        admin().get("/api/v1/meters/api_requests/query?windowSize=WEEK").then().statusCode(400).contentType(PROBLEM)
                .body("detail", containsString("windowSize"));
        admin().get("/api/v1/meters/api_requests/query?windowTimeZone=Mars/Base").then().statusCode(400)
                .body("detail", containsString("windowTimeZone"));
        admin().get("/api/v1/meters/api_requests/query?from=yesterday").then().statusCode(400)
                .body("detail", containsString("from"));
        admin().get("/api/v1/meters/api_requests/query?from=" + TestTime.day(-1) + "&to=" + TestTime.day(-2))
                .then().statusCode(400).body("detail", containsString("before to"));
        admin().get("/api/v1/meters/api_requests/query?groupBy=colour").then().statusCode(400)
                .body("detail", containsString("colour"));
        admin().get("/api/v1/meters/no_such_meter/query").then().statusCode(404).contentType(PROBLEM);
    }

    @Test
    void unknownRoutesAndMethodsAreProblems() {
        admin().get("/api/v1/nothing-here").then().statusCode(404).contentType(PROBLEM);
        admin().delete("/api/v1/events").then().statusCode(405).contentType(PROBLEM);
    }

    @Test
    void errorsNeverLeakStackTraces() {
        admin().contentType(CLOUDEVENT).body("{\"specversion\":").post("/api/v1/events")
                .then().statusCode(400).body(not(containsString("at com.fasterxml")))
                .body(not(containsString("Exception")));
    }

    private static void rejectSingle(Consumer<Map<String, Object>> change, String field, String message) {
        Map<String, Object> event = new HashMap<>(apiRequest(uniqueSubject(), TestTime.at(-1, "00:00:00"), "/a", 200));
        change.accept(event);
        admin().contentType(CLOUDEVENT).body(event).post("/api/v1/events")
                .then().statusCode(400).contentType(PROBLEM)
                .body("status", equalTo(400))
                .body("detail", containsString(field))
                .body("detail", containsString(message))
                .body("extensions.validationErrors.field", hasItem(field));
    }
}
