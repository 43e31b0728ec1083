package dev.tollgate.app;

import static io.restassured.RestAssured.given;

import io.restassured.specification.RequestSpecification;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/** Shared vocabulary of the API tests: the test admin key and CloudEvent builders. */
public final class TestApi {

    /** Created at start-up from %test.tollgate.auth.bootstrap-admin-key. */
    public static final String ADMIN_KEY = "tg_test_admin_key";
    public static final String CLOUDEVENT = "application/cloudevents+json";
    public static final String CLOUDEVENT_BATCH = "application/cloudevents-batch+json";
    public static final String PROBLEM = "application/problem+json";

    private TestApi() {
    }

    public static RequestSpecification as(String key) {
        return given().header("Authorization", "Bearer " + key);
    }

    public static RequestSpecification admin() {
        return as(ADMIN_KEY);
    }

    /** A subject no other test uses, so tests never see each other's usage. */
    public static String uniqueSubject() {
        return "subject-" + UUID.randomUUID();
    }

    public static Map<String, Object> event(String type, String subject, String time, Map<String, Object> data) {
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("specversion", "1.0");
        event.put("id", UUID.randomUUID().toString());
        event.put("source", "tests");
        event.put("type", type);
        event.put("subject", subject);
        event.put("time", time);
        event.put("data", data);
        return event;
    }

    public static Map<String, Object> apiRequest(String subject, String time, String route, int status) {
        return event("api-request", subject, time, Map.of("route", route, "method", "GET", "status", status));
    }

    public static Map<String, Object> llmUsage(String subject, String time, String model, Object input, Object output) {
        return event("llm-usage", subject, time,
                Map.of("model", model, "provider", "openai", "route", "/chat", "input_tokens", input,
                        "output_tokens", output));
    }
}
