package dev.tollgate.app.contract;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tollgate.app.TestApi;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Signing in to the console as a browser would, for tests: the session cookie and the forms' CSRF token. */
public final class ConsoleSessions {

    public static final String COOKIE = "tollgate_console";
    public static final String SIGN_IN_COOKIE = "tollgate_console_sign_in";
    private static final Pattern CSRF = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"");

    /** A signed-in session: its cookie value and its CSRF token. */
    public record Signed(String cookie, String csrf) {
    }

    private ConsoleSessions() {
    }

    public static Signed signIn(String apiKey) {
        Response answer = signInForm(apiKey);
        assertThat(answer.statusCode()).as(answer.asString()).isEqualTo(303);
        String cookie = answer.getCookie(COOKIE);
        assertThat(cookie).isNotBlank();
        String page = given().cookie(COOKIE, cookie).get("/console/events?limit=1").asString();
        Matcher token = CSRF.matcher(page);
        assertThat(token.find()).as("a CSRF token on the page").isTrue();
        return new Signed(cookie, token.group(1));
    }

    /**
     * The sign-in form posted as a browser posts it: with the token of the form's page and its pre-session cookie.
     */
    public static Response signInForm(String apiKey) {
        Response form = given().get("/console/sign-in");
        Matcher token = CSRF.matcher(form.asString());
        assertThat(token.find()).as("a CSRF token on the sign-in form").isTrue();
        return given().redirects().follow(false).contentType(ContentType.URLENC)
                .cookie(SIGN_IN_COOKIE, form.getCookie(SIGN_IN_COOKIE)).formParam("csrf", token.group(1))
                .formParam("apiKey", apiKey).post("/console/sign-in");
    }

    /** A new API key with these scopes. */
    public static String key(String name, String... scopes) {
        return TestApi.admin().contentType(ContentType.JSON).body(Map.of("name", name, "scopes", List.of(scopes)))
                .post("/api/v1/api-keys").then().statusCode(201).extract().path("secret");
    }
}
