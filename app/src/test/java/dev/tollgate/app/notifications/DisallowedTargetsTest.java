package dev.tollgate.app.notifications;

import static dev.tollgate.app.TestApi.admin;
import static dev.tollgate.app.billing.Billing.map;
import static org.hamcrest.Matchers.containsString;

import dev.tollgate.app.TestApi;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * With the default outbound policy (the other tests allow loopback for their receivers), internal targets are
 * refused.
 */
@QuarkusTest
@TestProfile(DisallowedTargetsTest.DefaultOutboundPolicy.class)
class DisallowedTargetsTest {

    /** The production default: no private, loopback or link-local targets. */
    public static class DefaultOutboundPolicy implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("tollgate.notifications.webhook.allow-private-targets", "false");
        }
    }

    @ParameterizedTest
    @CsvSource({"http://127.0.0.1:8080/hook, loopback", "http://localhost/hook, loopback",
        "http://169.254.169.254/latest/meta-data, link-local", "http://10.1.2.3/, private",
        "http://192.168.0.10/, private", "http://[::1]/, loopback", "http://0.0.0.0/, 0.0.0.0"})
    void aWebhookToAnInternalAddressIsRefusedNamingTheUrl(String url, String why) {
        admin().contentType(ContentType.JSON).body(map("type", "WEBHOOK", "name", "internal", "url", url))
                .post("/api/v1/notification/channels").then().statusCode(400).contentType(TestApi.PROBLEM)
                .body("detail", containsString("url")).body("detail", containsString(why));
    }
}
