package dev.tollgate.app.contract;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tollgate.app.TestApi;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.io.IOException;
import java.net.URL;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The console's routes as {@link ApiScopeTest} and {@link ApiFuzzTest} check the API's operations: every route, read
 * from the console's resources, without a session, with a broken one, and signed in with a read and an admin key; and
 * with malformed paths, parameters and forms. A stranger is sent to sign in, a form without the session's CSRF token
 * is refused, an action a key may not take is refused by the API, and nothing answers with a server error.
 */
@QuarkusTest
class ConsoleRoutesTest {

    private static final String SIGN_IN = "/console/sign-in";

    @TestHTTPResource("/")
    URL app;

    @Test
    void theRoutesAreFound() {
        assertThat(ConsoleRoutes.all()).extracting(ConsoleRoutes.Route::toString).contains("GET /console",
                "GET /console/customers/{id}", "POST /console/invoices/{id}/void", "POST /console/plans/{id}/archive",
                "GET /console/download/report/{report}", "GET /console/events", "GET /console/reports",
                "GET /console/reports/showback", "GET /console/reports/revenue", "GET /console/reports/margin",
                "GET /console/chargeback", "GET /console/chargeback/runs/{id}", "POST /console/chargeback/runs",
                "GET /console/download/ledger/{run}");
    }

    @Test
    void strangersAreSentToSignInFromEveryRoute() {
        List<String> failures = new ArrayList<>();
        for (ConsoleRoutes.Route route : ConsoleRoutes.all()) {
            if (route.path().equals(SIGN_IN)) {
                continue;
            }
            for (String cookie : List.of("", "garbage", "v1.00000000.AAAA", "x".repeat(4000))) {
                RequestSpecification request = given().redirects().follow(false);
                if (!cookie.isEmpty()) {
                    request = request.cookie(ConsoleSessions.COOKIE, cookie);
                }
                Response answer = call(request, route, "scope-test-none", Map.of());
                if (answer.statusCode() != 303 || !answer.header("Location").endsWith(SIGN_IN)) {
                    failures.add(route + " with cookie '" + abbreviate(cookie) + "': " + answer.statusCode() + " "
                            + answer.header("Location"));
                }
            }
        }
        assertThat(failures).isEmpty();
    }

    @Test
    void signInTakesReadAndAdminKeysAndRefusesOthers() {
        assertThat(given().get(SIGN_IN).header("Server-Timing")).startsWith("page;dur=");
        assertThat(signInStatus(ConsoleSessions.key("console-ingest", "ingest"))).isEqualTo(403);
        assertThat(signInStatus("tg_not_a_key")).isEqualTo(401);
        assertThat(signInStatus("")).isEqualTo(400);
        assertThat(signInStatus("tg " + "\u00e9")).isEqualTo(400);
        assertThat(signInStatus(TestApi.ADMIN_KEY)).isEqualTo(303);
        assertThat(signInStatus(ConsoleSessions.key("console-read", "read"))).isEqualTo(303);
        Response cookie = ConsoleSessions.signInForm(TestApi.ADMIN_KEY);
        String setCookie = cookie.headers().getValues("Set-Cookie").stream()
                .filter(c -> c.startsWith(ConsoleSessions.COOKIE + "=")).findFirst().orElseThrow();
        assertThat(setCookie).contains("HttpOnly").contains("SameSite=Strict").contains("Path=/console")
                .doesNotContain("Max-Age").doesNotContain(TestApi.ADMIN_KEY);
    }

    @Test
    void signInNeedsTheTokenOfItsFormAndCookie() {
        Response form = given().get(SIGN_IN);
        String preSession = form.headers().getValues("Set-Cookie").stream()
                .filter(c -> c.startsWith(ConsoleSessions.SIGN_IN_COOKIE + "=")).findFirst().orElseThrow();
        assertThat(preSession).contains("HttpOnly").contains("SameSite=Strict").contains("Path=" + SIGN_IN);
        String token = form.getCookie(ConsoleSessions.SIGN_IN_COOKIE);
        assertThat(form.asString()).contains("name=\"csrf\" value=\"" + token + "\"");
        // Without the token, with the token but not the cookie, or with another form's token: refused, no session.
        for (Map<String, String> sent : List.of(Map.<String, String>of(), Map.of("csrf", token),
                Map.of("csrf", "forged", "cookie", token), Map.of("cookie", token))) {
            RequestSpecification request = given().redirects().follow(false).contentType(ContentType.URLENC)
                    .formParam("apiKey", TestApi.ADMIN_KEY);
            if (sent.containsKey("csrf")) {
                request = request.formParam("csrf", sent.get("csrf"));
            }
            if (sent.containsKey("cookie")) {
                request = request.cookie(ConsoleSessions.SIGN_IN_COOKIE, sent.get("cookie"));
            }
            Response answer = request.post(SIGN_IN);
            assertThat(answer.statusCode()).as(sent.toString()).isEqualTo(403);
            assertThat(answer.getCookie(ConsoleSessions.COOKIE)).as(sent.toString()).isNull();
        }
        assertThat(given().redirects().follow(false).contentType(ContentType.URLENC)
                .cookie(ConsoleSessions.SIGN_IN_COOKIE, token).formParam("csrf", token)
                .formParam("apiKey", TestApi.ADMIN_KEY).post(SIGN_IN).statusCode()).isEqualTo(303);
    }

    @Test
    void everyRouteAnswersEachKindOfKeyAsItsScopeSaysAndFormsNeedTheirToken() {
        Map<String, ConsoleSessions.Signed> sessions = Map.of("read",
                ConsoleSessions.signIn(ConsoleSessions.key("console-scope-read", "read")), "admin",
                ConsoleSessions.signIn(TestApi.ADMIN_KEY));
        List<String> failures = new ArrayList<>();
        for (ConsoleRoutes.Route route : ConsoleRoutes.all()) {
            for (var session : sessions.entrySet()) {
                String who = " as " + session.getKey() + ": ";
                RequestSpecification signed = given().redirects().follow(false)
                        .cookie(ConsoleSessions.COOKIE, session.getValue().cookie());
                if (route.method().equals("GET")) {
                    Response answer = call(signed, route, "scope-test-none", Map.of());
                    if (answer.statusCode() >= 500 || answer.statusCode() == 401 || answer.statusCode() == 403) {
                        failures.add(route + who + answer.statusCode() + " " + abbreviate(answer.asString()));
                    }
                    continue;
                }
                if (route.path().equals(SIGN_IN)) {
                    continue;
                }
                Response forged = call(given().redirects().follow(false).cookie(ConsoleSessions.COOKIE,
                        session.getValue().cookie()), route, "scope-test-none", Map.of("reason", "test"));
                if (forged.statusCode() != 403) {
                    failures.add(route + who + "without a CSRF token: " + forged.statusCode());
                }
                Response wrongToken = call(given().redirects().follow(false).cookie(ConsoleSessions.COOKIE,
                        session.getValue().cookie()), route, "scope-test-none", Map.of("csrf", "forged"));
                if (wrongToken.statusCode() != 403) {
                    failures.add(route + who + "with a wrong CSRF token: " + wrongToken.statusCode());
                }
                if (route.path().endsWith("/sign-out")) {
                    continue;
                }
                Response acted = call(signed, route, "scope-test-none", Map.of("csrf",
                        session.getValue().csrf(), "reason", "scope test", "lines", "discard"));
                // The API decides: a read key is refused (403); an admin key reaches the missing invoice or plan
                // (404), or is told what the form lacks (400: a chargeback run without a plan and month).
                List<Integer> expected = session.getKey().equals("read") ? List.of(403) : List.of(404, 400);
                if (!expected.contains(acted.statusCode()) || !acted.contentType().startsWith("text/html")) {
                    failures.add(route + who + "expected a " + expected + " page, got " + acted.statusCode() + " "
                            + acted.contentType());
                }
            }
        }
        assertThat(failures).isEmpty();
    }

    @Test
    void malformedPathsParametersAndFormsGetCleanAnswersNeverErrors() throws IOException {
        ConsoleSessions.Signed admin = ConsoleSessions.signIn(TestApi.ADMIN_KEY);
        RawHttp http = new RawHttp(app.getHost(), app.getPort());
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Cookie", ConsoleSessions.COOKIE + "=" + admin.cookie());
        List<String> failures = new ArrayList<>();
        for (ConsoleRoutes.Route route : ConsoleRoutes.all()) {
            String form = route.method().equals("POST") ? "csrf=" + admin.csrf() : null;
            Map<String, String> sent = new LinkedHashMap<>(headers);
            if (form != null) {
                sent.put("Content-Type", "application/x-www-form-urlencoded");
            }
            if (!route.pathParameters().isEmpty()) {
                for (String value : ApiFuzzTest.PATH_VALUES) {
                    check(failures, route, "path " + abbreviate(value), http.send(route.method(),
                            route.pathWith(value), sent, bytes(form)));
                }
            }
            for (String parameter : route.queryParameters()) {
                for (String value : ApiFuzzTest.QUERY_VALUES) {
                    check(failures, route, parameter + "=" + abbreviate(value), http.send(route.method(),
                            route.pathWith("fuzz-none") + "?" + parameter + "=" + value, sent, bytes(form)));
                }
            }
            for (String parameter : route.formParameters()) {
                for (String value : ApiFuzzTest.QUERY_VALUES) {
                    String body = (form == null ? "" : form + "&") + parameter + "=" + value;
                    check(failures, route, "form " + parameter + "=" + abbreviate(value), http.send(route.method(),
                            route.pathWith("fuzz-none"), sent, bytes(body)));
                }
            }
            if (form != null) {
                for (String body : List.of("", "%ZZ", "csrf", "&&&", "csrf=" + "x".repeat(100_000))) {
                    check(failures, route, "form body " + abbreviate(body), http.send(route.method(),
                            route.pathWith("fuzz-none"), sent, bytes(body)));
                }
            }
        }
        assertThat(failures).isEmpty();
    }

    private static void check(List<String> failures, ConsoleRoutes.Route route, String input, RawHttp.Answer answer) {
        String at = route + " [" + input + "]: ";
        if (answer.status() < 0 || answer.status() >= 500) {
            failures.add(at + answer.status() + " " + abbreviate(answer.body()));
        } else if (answer.body().matches("(?s).*(java\\.|Exception|\\bat [a-z]+\\.[a-z]+\\.).*")) {
            failures.add(at + "the answer names Java internals: " + abbreviate(answer.body()));
        }
    }

    private static Response call(RequestSpecification request, ConsoleRoutes.Route route, String id,
            Map<String, String> form) {
        RequestSpecification spec = request;
        if (route.method().equals("POST")) {
            spec = spec.contentType(ContentType.URLENC);
            for (var field : form.entrySet()) {
                spec = spec.formParam(field.getKey(), field.getValue());
            }
        }
        return spec.request(route.method(), route.pathWith(URLEncoder.encode(id, StandardCharsets.UTF_8)));
    }

    private static int signInStatus(String key) {
        return ConsoleSessions.signInForm(key).statusCode();
    }

    private static byte[] bytes(String body) {
        return body == null ? null : body.getBytes(StandardCharsets.UTF_8);
    }

    private static String abbreviate(String value) {
        String printable = value.replaceAll("[^\\x20-\\x7e]", "?");
        return printable.length() <= 60 ? printable : printable.substring(0, 57) + "...";
    }
}
