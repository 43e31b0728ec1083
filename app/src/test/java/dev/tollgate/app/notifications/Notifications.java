package dev.tollgate.app.notifications;

import static dev.tollgate.app.TestApi.admin;

import io.restassured.http.ContentType;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/** Channels and rules for the notification tests, each pointed at a test's own receiver and feature. */
final class Notifications {

    static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private static final List<String> MADE = new CopyOnWriteArrayList<>();

    private Notifications() {
    }

    static String channel(String url) {
        return admin().contentType(ContentType.JSON).body(Map.of("type", "WEBHOOK", "name", "test receiver", "url",
                url, "signingSecret", SECRET)).post("/api/v1/notification/channels").then().statusCode(201)
                .extract().path("id");
    }

    static String rule(Map<String, Object> body) {
        String id = admin().contentType(ContentType.JSON).body(body).post("/api/v1/notification/rules").then()
                .statusCode(201).extract().path("id");
        MADE.add(id);
        return id;
    }

    /**
     * Deletes the rules the tests made: a rule without a feature filter (invoices) would otherwise keep sending other
     * tests' events to a receiver that is gone.
     */
    static void deleteRules() {
        for (String id : MADE) {
            admin().delete("/api/v1/notification/rules/" + id).then().statusCode(204);
        }
        MADE.clear();
    }

    static Map<String, Object> threshold(String type, Object value) {
        return Map.of("type", type, "value", value);
    }

    static List<String> list(String... values) {
        return List.of(values);
    }
}
