package dev.tollgate.app.contract;

import static dev.tollgate.app.TestApi.admin;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.net.URL;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Every operation of the OpenAPI document, without a key and with an ingest, a read and an admin key: no key gets 401,
 * a key without the documented scope ({@code x-tollgate-scope}) gets 403, a key with it gets past authentication.
 * The operations come from the document, so an endpoint added later is checked without touching this test.
 */
@QuarkusTest
class ApiScopeTest {

    /** admin holds every scope; ingest and read only their own. */
    private static final Map<String, Set<String>> HOLDS = Map.of(
            "ingest", Set.of("ingest"), "read", Set.of("read"), "admin", Set.of("ingest", "read", "admin"));

    @TestHTTPResource(value = "/openapi?format=json", management = true)
    URL openApi;

    @Test
    void everyOperationAnswersEachKindOfKeyAsItsScopeSays() throws Exception {
        Map<String, String> keys = Map.of("ingest", key("ingest"), "read", key("read"),
                "admin", dev.tollgate.app.TestApi.ADMIN_KEY);
        List<ApiDocument.Operation> operations = ApiDocument.operations(openApi);
        assertThat(operations).hasSizeGreaterThan(30);
        List<String> failures = new ArrayList<>();
        for (ApiDocument.Operation operation : operations) {
            if (operation.scope() == null) {
                failures.add(operation + ": documents no x-tollgate-scope");
                continue;
            }
            if (operation.scope().equals("signature")) {
                // No API key: the endpoint checks a signature. Without one it refuses, as a client's mistake.
                Response unsigned = call(given(), operation);
                if (unsigned.statusCode() < 400 || unsigned.statusCode() >= 500 || unsigned.statusCode() == 401) {
                    failures.add(operation + " unsigned: expected a 4xx problem, got " + unsigned.statusCode());
                }
                continue;
            }
            expect(failures, operation, "no key", call(given(), operation), 401);
            for (var key : keys.entrySet()) {
                Response answer = call(given().header("Authorization", "Bearer " + key.getValue()), operation);
                if (HOLDS.get(key.getKey()).contains(operation.scope())) {
                    if (answer.statusCode() == 401 || answer.statusCode() == 403 || answer.statusCode() >= 500) {
                        failures.add(operation + " with a " + key.getKey() + " key: " + answer.statusCode()
                                + " " + answer.asString());
                    }
                } else {
                    expect(failures, operation, "a " + key.getKey() + " key", answer, 403);
                }
            }
        }
        assertThat(failures).isEmpty();
    }

    private static void expect(List<String> failures, ApiDocument.Operation operation, String who, Response answer,
            int status) {
        if (answer.statusCode() != status || !answer.contentType().startsWith("application/problem+json")) {
            failures.add(operation + " with " + who + ": expected a " + status + " problem, got "
                    + answer.statusCode() + " " + answer.contentType());
        }
    }

    /** The operation on ids that name nothing, with an empty JSON object as body: nothing real is touched. */
    private static Response call(RequestSpecification request, ApiDocument.Operation operation) {
        RequestSpecification spec = request.urlEncodingEnabled(false);
        if (operation.hasBody()) {
            spec = spec.contentType(ContentType.JSON).body("{}");
        }
        return spec.request(operation.method(), operation.pathWith("scope-test-none"));
    }

    private static String key(String scope) {
        return admin().contentType(ContentType.JSON)
                .body(Map.of("name", "scope-test-" + scope, "scopes", List.of(scope)))
                .post("/api/v1/api-keys").then().statusCode(201).extract().path("secret");
    }
}
