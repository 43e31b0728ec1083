package dev.tollgate.app;

import static dev.tollgate.app.TestApi.CLOUDEVENT;
import static dev.tollgate.app.TestApi.PROBLEM;
import static dev.tollgate.app.TestApi.admin;
import static dev.tollgate.app.TestApi.apiRequest;
import static dev.tollgate.app.TestApi.as;
import static dev.tollgate.app.TestApi.uniqueSubject;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
class ApiKeyAuthTest {

    @Inject
    AgroalDataSource dataSource;

    @Test
    void missingOrMalformedOrUnknownKeysAreUnauthorized() {
        given().get("/api/v1/meters").then().statusCode(401).contentType(PROBLEM)
                .body("title", equalTo("Unauthorized"));
        given().header("Authorization", "Basic dXNlcjpwYXNz").get("/api/v1/meters").then().statusCode(401)
                .contentType(PROBLEM).body("detail", containsString("Bearer"));
        as("tg_not_a_real_key").get("/api/v1/meters").then().statusCode(401).contentType(PROBLEM);
        given().contentType(CLOUDEVENT).body(event()).post("/api/v1/events").then().statusCode(401);
    }

    @Test
    void scopesLimitWhatAKeyMayDo() {
        String ingestOnly = createKey("gateway", List.of("ingest"));
        String readOnly = createKey("finance", List.of("read"));

        as(ingestOnly).contentType(CLOUDEVENT).body(event()).post("/api/v1/events").then().statusCode(204);
        as(ingestOnly).get("/api/v1/meters").then().statusCode(403).contentType(PROBLEM)
                .body("detail", containsString("'read' scope"));

        as(readOnly).get("/api/v1/meters").then().statusCode(200);
        as(readOnly).contentType(CLOUDEVENT).body(event()).post("/api/v1/events").then().statusCode(403)
                .body("detail", containsString("'ingest' scope"));
        as(readOnly).get("/api/v1/api-keys").then().statusCode(403);
    }

    @Test
    void secretIsShownOnceAndStoredOnlyAsAHash() throws Exception {
        JsonPath created = admin().contentType("application/json")
                .body(Map.of("name", "once", "scopes", List.of("read"))).post("/api/v1/api-keys")
                .then().statusCode(201).body("secret", startsWith("tg_")).extract().jsonPath();
        String id = created.getString("id");
        String secret = created.getString("secret");

        admin().get("/api/v1/api-keys").then().statusCode(200)
                .body("find { it.id == '" + id + "' }.secret", nullValue())
                .body("find { it.id == '" + id + "' }.prefix", startsWith("tg_"));

        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement("SELECT secret_hash FROM api_keys WHERE id = ?")) {
            s.setString(1, id);
            try (ResultSet r = s.executeQuery()) {
                assertThat(r.next()).isTrue();
                assertThat(r.getString(1)).hasSize(64).doesNotContain(secret.substring(3));
            }
        }
    }

    @Test
    void revokedKeysStopWorking() {
        JsonPath created = admin().contentType("application/json")
                .body(Map.of("name", "short-lived", "scopes", List.of("read"))).post("/api/v1/api-keys")
                .then().statusCode(201).extract().jsonPath();
        as(created.getString("secret")).get("/api/v1/meters").then().statusCode(200);
        admin().delete("/api/v1/api-keys/" + created.getString("id")).then().statusCode(204);
        as(created.getString("secret")).get("/api/v1/meters").then().statusCode(401);
        admin().delete("/api/v1/api-keys/" + created.getString("id")).then().statusCode(404).contentType(PROBLEM);
    }

    @Test
    void invalidKeyRequestsAreRejected() {
        admin().contentType("application/json").body(Map.of("name", "x", "scopes", List.of("superuser")))
                .post("/api/v1/api-keys").then().statusCode(400).contentType(PROBLEM)
                .body("detail", containsString("superuser"));
        admin().contentType("application/json").body(Map.of("name", "x", "scopes", List.of()))
                .post("/api/v1/api-keys").then().statusCode(400).body("detail", containsString("scopes"));
        admin().contentType("application/json").body(Map.of("scopes", List.of("read")))
                .post("/api/v1/api-keys").then().statusCode(400).body("detail", containsString("name"));
    }

    private static String createKey(String name, List<String> scopes) {
        return admin().contentType("application/json").body(Map.of("name", name, "scopes", scopes))
                .post("/api/v1/api-keys").then().statusCode(201).extract().path("secret");
    }

    private static Map<String, Object> event() {
        return apiRequest(uniqueSubject(), TestTime.at(-1, "00:00:00"), "/auth", 200);
    }
}
