package dev.tollgate.app.console;

import static dev.tollgate.app.TestApi.admin;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tollgate.app.TestTime;
import dev.tollgate.app.contract.ConsoleSessions;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Report pages from snapshots, as in production: the figures' time is on the page, a young snapshot is shown again,
 * an aged one is refreshed behind the page, and a revoked key sees nothing kept for it.
 */
@QuarkusTest
@TestProfile(ConsoleReportSnapshotsTest.Snapshots.class)
class ConsoleReportSnapshotsTest {

    private static final Pattern AS_OF = Pattern.compile("Report figures as of <time datetime=\"([^\"]+)\"");
    private static final String PAGE = "/console/reports/revenue";

    /** The production defaults for report snapshots (the other tests ask the API on every page). */
    public static class Snapshots implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("tollgate.console.report-refresh", "60s", "tollgate.console.report-max-age", "10m");
        }
    }

    @Test
    void reportPagesShowKeptFiguresWithTheirTimeAndRefreshThemAsTheyAge() {
        var created = admin().contentType("application/json").body(Map.of("name", "snapshots", "scopes",
                java.util.List.of("read"))).post("/api/v1/api-keys").then().statusCode(201).extract().jsonPath();
        ConsoleSessions.Signed session = ConsoleSessions.signIn(created.getString("secret"));
        String first = asOf(page(session));
        String again = asOf(page(session));
        assertThat(again).as("a young snapshot is shown again").isEqualTo(first);

        TestTime.advance(Duration.ofSeconds(61));
        assertThat(asOf(page(session))).as("the aged one, once more, while a fresh one is made").isEqualTo(first);
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .until(() -> !asOf(page(session)).equals(first));

        admin().delete("/api/v1/api-keys/" + created.getString("id")).then().statusCode(204);
        Response revoked = given().redirects().follow(false).cookie(ConsoleSessions.COOKIE, session.cookie())
                .get(PAGE);
        assertThat(revoked.statusCode()).as("a revoked key is sent to sign in, not shown kept figures")
                .isEqualTo(303);
        assertThat(revoked.getHeader("Location")).endsWith("/console/sign-in");
    }

    private static String page(ConsoleSessions.Signed session) {
        return given().cookie(ConsoleSessions.COOKIE, session.cookie()).get(PAGE).then().statusCode(200).extract()
                .asString();
    }

    private static String asOf(String page) {
        Matcher m = AS_OF.matcher(page);
        assertThat(m.find()).as("the figures' time on the page").isTrue();
        return m.group(1);
    }

}
