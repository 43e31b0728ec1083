package dev.tollgate.app.notifications;

import static dev.tollgate.app.TestApi.admin;
import static dev.tollgate.app.billing.Billing.map;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tollgate.app.TestTime;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Delivery on the test clock against a real receiver that fails, closes connections and answers slowly: retries keep
 * the webhook-id, back off per the schedule, and end FAILED after the last attempt; a resend sends the same event.
 */
@QuarkusTest
class NotificationDeliveryTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private WebhookReceiver receiver;

    @BeforeEach
    void startReceiver() {
        receiver = new WebhookReceiver(TestTime::clock).secret(Notifications.SECRET).start();
    }

    @AfterEach
    void stopReceiver() {
        Notifications.deleteRules();
        receiver.close();
    }

    @Test
    void failedAndDroppedAttemptsAreRetriedOnTheScheduleWithTheSameWebhookId() {
        receiver.behave(WebhookReceiver.Behaviour.NORMAL.closingFirst(1).failingFirst(1, 503));
        String id = testEvent("/retried");
        recorded(id, 1);
        TestTime.advance(Duration.ofSeconds(3));
        sleep(Duration.ofMillis(1500));
        assertThat(receiver.withId(id)).as("the second attempt waits about 5 s").hasSize(1);
        TestTime.advance(Duration.ofSeconds(4));
        recorded(id, 2);
        TestTime.advance(Duration.ofMinutes(7));
        receiver.awaitDelivered(r -> id.equals(r.webhookId()), 1, WAIT);
        assertThat(receiver.withId(id)).extracting(WebhookReceiver.Received::answer)
                .containsExactly("closed", "503", "204");
        await().atMost(WAIT).until(() -> "SUCCESS".equals(state(id)));
        JsonPath event = event(id);
        assertThat(event.getList("deliveryStatus[0].attempts.state")).containsExactly("SUCCESS", "FAILED",
                "FAILED");
        assertThat(event.getList("deliveryStatus[0].attempts.response.statusCode")).containsExactly(204, 503, null);
    }

    @Test
    void aReceiverThatNeverAcceptsEndsFailedAfterTheLastAttemptHoursLater() {
        receiver.behave(WebhookReceiver.Behaviour.answering(500));
        String id = testEvent("/always-failing");
        for (int attempt = 1; attempt <= 8; attempt++) {
            if (attempt < 8) {
                recorded(id, attempt);
                TestTime.advance(Duration.ofHours(13));
            } else {
                attempts(id, attempt);
            }
        }
        await().atMost(WAIT).until(() -> "FAILED".equals(state(id)));
        JsonPath event = event(id);
        assertThat(event.getString("deliveryStatus[0].reason")).contains("8 attempts").contains("HTTP 500");
        assertThat(event.getString("deliveryStatus[0].nextAttempt")).isNull();
        assertThat(event.getList("deliveryStatus[0].attempts")).hasSize(8);
        sleep(Duration.ofSeconds(2));
        TestTime.advance(Duration.ofDays(2));
        sleep(Duration.ofSeconds(2));
        assertThat(receiver.withId(id)).as("no attempt after the last").hasSize(8);
    }

    @Test
    void aSlowReceiverStillGetsItAndAResendSendsTheSameEventAgain() {
        receiver.answerAfter(Duration.ofSeconds(2));
        String id = testEvent("/slow");
        receiver.awaitDelivered(r -> id.equals(r.webhookId()), 1, WAIT);
        await().atMost(WAIT).until(() -> "SUCCESS".equals(state(id)));
        receiver.behaveNormally();
        admin().contentType(ContentType.JSON).body("{}").post("/api/v1/notification/events/" + id + "/resend")
                .then().statusCode(202);
        List<WebhookReceiver.Received> both = receiver.awaitDelivered(r -> id.equals(r.webhookId()), 2, WAIT);
        assertThat(both.get(1).body()).isEqualTo(both.get(0).body());
        await().atMost(WAIT).until(() -> "SUCCESS".equals(state(id)));
        assertThat(event(id).getString("deliveryStatus[0].annotations['event.resend.timestamp']")).isNotNull();
    }

    @Test
    void aDisabledChannelGetsNothing() {
        String channel = Notifications.channel(receiver.url("/disabled"));
        String rule = Notifications.rule(map("type", "invoice.updated", "name", "d", "channels", List.of(channel)));
        admin().contentType(ContentType.JSON).body(map("type", "WEBHOOK", "name", "off", "url",
                receiver.url("/disabled"), "disabled", true)).put("/api/v1/notification/channels/" + channel)
                .then().statusCode(200);
        String id = admin().post("/api/v1/notification/rules/" + rule + "/test").then().statusCode(201).extract()
                .path("id");
        assertThat(event(id).getList("deliveryStatus")).isEmpty();
        sleep(Duration.ofSeconds(2));
        assertThat(receiver.all()).isEmpty();
    }

    private String testEvent(String path) {
        String channel = Notifications.channel(receiver.url(path));
        String rule = Notifications.rule(map("type", "invoice.created", "name", path, "channels", List.of(channel)));
        return admin().post("/api/v1/notification/rules/" + rule + "/test").then().statusCode(201).extract()
                .path("id");
    }

    private void attempts(String id, int count) {
        await().atMost(WAIT).until(() -> receiver.withId(id).size() >= count);
        assertThat(receiver.withId(id)).hasSize(count).allSatisfy(r -> assertThat(r.signatureValid()).isTrue());
    }

    /** Waits until the attempt's failure is recorded: moving the clock before would move its next attempt too. */
    private void recorded(String id, int count) {
        attempts(id, count);
        await().atMost(WAIT).until(() -> {
            JsonPath event = event(id);
            return "PENDING".equals(event.getString("deliveryStatus[0].state"))
                    && event.getList("deliveryStatus[0].attempts").size() == count;
        });
    }

    private static JsonPath event(String id) {
        return admin().get("/api/v1/notification/events/" + id).then().statusCode(200).extract().jsonPath();
    }

    private static String state(String id) {
        return event(id).getString("deliveryStatus[0].state");
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
