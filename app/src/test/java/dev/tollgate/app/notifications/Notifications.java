package dev.tollgate.app.notifications;

import static dev.tollgate.app.TestApi.admin;

import io.restassured.http.ContentType;
import java.util.List;
import java.util.Map;

/** Channels and rules for the notification tests, each pointed at a test's own receiver and feature. */
final class Notifications {

    static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

    private Notifications() {
    }

    static String channel(String url) {
        return admin().contentType(ContentType.JSON).body(Map.of("type", "WEBHOOK", "name", "test receiver", "url",
                url, "signingSecret", SECRET)).post("/api/v1/notification/channels").then().statusCode(201)
                .extract().path("id");
    }

    static String rule(Map<String, Object> body) {
        return admin().contentType(ContentType.JSON).body(body).post("/api/v1/notification/rules").then()
                .statusCode(201).extract().path("id");
    }

    static Map<String, Object> threshold(String type, Object value) {
        return Map.of("type", type, "value", value);
    }

    static List<String> list(String... values) {
        return List.of(values);
    }
}
