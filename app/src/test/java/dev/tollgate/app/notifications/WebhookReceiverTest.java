package dev.tollgate.app.notifications;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tollgate.app.notifications.WebhookReceiver.Behaviour;
import dev.tollgate.app.notifications.WebhookReceiver.Received;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The receiver on its own: signs requests with a helper of its own, sends them over real HTTP. No Quarkus. */
class WebhookReceiverTest {

    private static final String SECRET = newSecret();
    private static final String PAYLOAD = "{\"type\":\"invoice.finalized\",\"timestamp\":\"2030-01-01T00:00:00Z\","
            + "\"data\":{\"invoice_id\":\"inv_1\"}}";

    // A test clock far from the machine's, so that a receiver reading the system clock would reject everything.
    private final AtomicReference<Clock> clock =
            new AtomicReference<>(Clock.fixed(Instant.parse("2030-01-01T00:00:00Z"), ZoneOffset.UTC));
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private WebhookReceiver receiver;

    @BeforeEach
    void start() {
        receiver = new WebhookReceiver(clock::get).secret(SECRET).start();
    }

    @AfterEach
    void stop() {
        receiver.close();
    }

    // ---- signing helper: the sender's side of Standard Webhooks -------------------------------------------------

    private static String newSecret() {
        byte[] key = new byte[24];
        new SecureRandom().nextBytes(key);
        return "whsec_" + Base64.getEncoder().encodeToString(key);
    }

    private static String sign(String secret, String id, long timestamp, String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(Base64.getDecoder().decode(secret.substring("whsec_".length())), "HmacSHA256"));
            byte[] signature = mac.doFinal((id + "." + timestamp + "." + body).getBytes(StandardCharsets.UTF_8));
            return "v1," + Base64.getEncoder().encodeToString(signature);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private long now() {
        return clock.get().instant().getEpochSecond();
    }

    private HttpRequest request(String path, String id, long timestamp, String signature, String body) {
        return HttpRequest.newBuilder(URI.create(receiver.url(path)))
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .header("Webhook-Id", id)
                .header("Webhook-Timestamp", Long.toString(timestamp))
                .header("Webhook-Signature", signature)
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
    }

    private HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    /** A correctly signed delivery of {@link #PAYLOAD}. */
    private HttpResponse<String> deliver(String path, String id) throws IOException, InterruptedException {
        return send(request(path, id, now(), sign(SECRET, id, now(), PAYLOAD), PAYLOAD));
    }

    // ---- verification ---------------------------------------------------------------------------------------------

    @Test
    void aValidSignatureIsAcceptedAndRecorded() throws Exception {
        Instant before = Instant.now();
        HttpResponse<String> response = deliver("/hooks", "msg_1");

        assertThat(response.statusCode()).isEqualTo(204);
        Received received = receiver.all().get(0);
        assertThat(received.method()).isEqualTo("POST");
        assertThat(received.path()).isEqualTo("/hooks");
        assertThat(received.webhookId()).isEqualTo("msg_1");
        assertThat(received.timestamp()).isEqualTo(clock.get().instant());
        assertThat(received.signatureValid()).isTrue();
        assertThat(received.verificationFailure()).isNull();
        assertThat(received.header("webhook-id")).isEqualTo("msg_1");
        assertThat(received.headers()).containsKeys("webhook-id", "webhook-timestamp", "webhook-signature",
                "content-type");
        assertThat(received.body()).isEqualTo(PAYLOAD);
        assertThat(received.json().at("/data/invoice_id").asText()).isEqualTo("inv_1");
        assertThat(received.type()).isEqualTo("invoice.finalized");
        assertThat(received.answer()).isEqualTo("204");
        assertThat(received.receivedAt()).isBetween(before, Instant.now());
        assertThat(receiver.delivered()).containsExactly(received);
        assertThat(receiver.distinctDeliveredIds()).containsExactly("msg_1");
        assertThat(receiver.ofType("invoice.finalized")).containsExactly(received);
        assertThat(receiver.ofType("invoice.paid")).isEmpty();
    }

    @Test
    void aTamperedBodyIsAnswered401AndRecordedAsInvalid() throws Exception {
        String tampered = PAYLOAD.replace("inv_1", "inv_2");
        HttpResponse<String> response = send(request("/hooks", "msg_1", now(), sign(SECRET, "msg_1", now(), PAYLOAD),
                tampered));

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(receiver.all()).singleElement().satisfies(received -> {
            assertThat(received.signatureValid()).isFalse();
            assertThat(received.verificationFailure()).contains("no v1 signature matches");
            assertThat(received.body()).isEqualTo(tampered);
            assertThat(received.status()).isEqualTo(401);
        });
        assertThat(receiver.delivered()).isEmpty();
    }

    @Test
    void aSignatureMadeWithAnotherSecretIsRejectedButAnyMatchingSignatureInTheListIsEnough() throws Exception {
        String otherSecret = newSecret();
        String wrong = sign(otherSecret, "msg_1", now(), PAYLOAD);
        assertThat(send(request("/hooks", "msg_1", now(), wrong, PAYLOAD)).statusCode()).isEqualTo(401);

        // During a rotation the sender signs with old and new secret; one match verifies.
        String both = wrong + " " + sign(SECRET, "msg_1", now(), PAYLOAD);
        assertThat(send(request("/hooks", "msg_1", now(), both, PAYLOAD)).statusCode()).isEqualTo(204);

        // A path with its own secrets uses those instead of the default one.
        receiver.secretFor("/rotated", SECRET, otherSecret);
        String third = sign(newSecret(), "msg_2", now(), PAYLOAD);
        assertThat(send(request("/rotated", "msg_2", now(), third, PAYLOAD)).statusCode()).isEqualTo(401);
        assertThat(send(request("/rotated", "msg_2", now(), sign(otherSecret, "msg_2", now(), PAYLOAD), PAYLOAD))
                .statusCode()).isEqualTo(204);
        assertThat(deliver("/rotated", "msg_2").statusCode()).isEqualTo(204);
        receiver.secretFor("/other-only", otherSecret);
        assertThat(deliver("/other-only", "msg_3").statusCode()).isEqualTo(401);
    }

    @Test
    void aTimestampOutsideTheToleranceOfTheGivenClockIsRejectedUnlessTimestampsAreIgnored() throws Exception {
        long signedAt = now();
        HttpRequest request = request("/hooks", "msg_1", signedAt, sign(SECRET, "msg_1", signedAt, PAYLOAD), PAYLOAD);

        clock.set(Clock.offset(clock.get(), Duration.ofMinutes(5)));
        assertThat(send(request).statusCode()).isEqualTo(204);

        clock.set(Clock.offset(clock.get(), Duration.ofSeconds(1)));
        assertThat(send(request).statusCode()).isEqualTo(401);
        assertThat(receiver.all().get(1).verificationFailure()).contains("webhook-timestamp");

        receiver.timestampTolerance(Duration.ofMinutes(10));
        assertThat(send(request).statusCode()).isEqualTo(204);

        clock.set(Clock.offset(clock.get(), Duration.ofDays(1)));
        receiver.ignoreTimestamps();
        assertThat(send(request).statusCode()).isEqualTo(204);
    }

    @Test
    void aRequestWithoutSignatureHeadersOrWithoutAConfiguredSecretIsRejected() throws Exception {
        HttpResponse<String> unsigned = send(HttpRequest.newBuilder(URI.create(receiver.url("/hooks")))
                .POST(HttpRequest.BodyPublishers.ofString(PAYLOAD)).build());
        assertThat(unsigned.statusCode()).isEqualTo(401);

        try (WebhookReceiver withoutSecret = new WebhookReceiver(clock::get).start()) {
            long timestamp = now();
            HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(withoutSecret.url("/hooks")))
                    .header("webhook-id", "msg_1")
                    .header("webhook-timestamp", Long.toString(timestamp))
                    .header("webhook-signature", sign(SECRET, "msg_1", timestamp, PAYLOAD))
                    .POST(HttpRequest.BodyPublishers.ofString(PAYLOAD)).build());
            assertThat(response.statusCode()).isEqualTo(401);
            assertThat(withoutSecret.all().get(0).verificationFailure()).contains("no secret configured");
        }
    }

    // ---- behaviours -----------------------------------------------------------------------------------------------

    @Test
    void failFirstFailsTheFirstAttemptsOfEveryWebhookIdSeparately() throws Exception {
        receiver.failFirst(2, 500);

        assertThat(deliver("/hooks", "msg_1").statusCode()).isEqualTo(500);
        assertThat(deliver("/hooks", "msg_2").statusCode()).isEqualTo(500);
        assertThat(deliver("/hooks", "msg_1").statusCode()).isEqualTo(500);
        assertThat(deliver("/hooks", "msg_1").statusCode()).isEqualTo(204);
        assertThat(deliver("/hooks", "msg_1").statusCode()).isEqualTo(204);

        assertThat(receiver.withId("msg_1")).extracting(Received::answer).containsExactly("500", "500", "204", "204");
        assertThat(receiver.distinctDeliveredIds()).containsExactly("msg_1");
        assertThat(receiver.delivered()).hasSize(2);
    }

    @Test
    void aSlowAnswerComesAfterTheDelayAndASenderThatGivesUpEarlierTimesOut() throws Exception {
        receiver.answerAfter(Duration.ofMillis(400));

        long start = System.nanoTime();
        assertThat(deliver("/hooks", "msg_1").statusCode()).isEqualTo(204);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(400));

        HttpRequest impatient = HttpRequest.newBuilder(request("/hooks", "msg_2", now(),
                sign(SECRET, "msg_2", now(), PAYLOAD), PAYLOAD), (name, value) -> true)
                .timeout(Duration.ofMillis(100)).build();
        assertThatThrownBy(() -> send(impatient)).isInstanceOf(HttpTimeoutException.class);
    }

    @Test
    void closeFirstDropsTheConnectionWithoutAnAnswer() throws Exception {
        receiver.closeFirst(1);

        assertThatThrownBy(() -> deliver("/hooks", "msg_1")).isInstanceOf(IOException.class)
                .isNotInstanceOf(HttpTimeoutException.class);
        assertThat(deliver("/hooks", "msg_1").statusCode()).isEqualTo(204);

        assertThat(receiver.all()).extracting(Received::answer).containsExactly("closed", "204");
        assertThat(receiver.all().get(0).closed()).isTrue();
        assertThat(receiver.all().get(0).status()).isEqualTo(WebhookReceiver.CLOSED);
    }

    @Test
    void closingAndFailingCombineInThatOrder() throws Exception {
        receiver.behave(Behaviour.answering(200).closingFirst(1).failingFirst(1, 503));

        assertThatThrownBy(() -> deliver("/hooks", "msg_1")).isInstanceOf(IOException.class);
        assertThat(deliver("/hooks", "msg_1").statusCode()).isEqualTo(503);
        assertThat(deliver("/hooks", "msg_1").statusCode()).isEqualTo(200);
    }

    @Test
    void aLargeBodyIsSentWithTheAnswer() throws Exception {
        receiver.answerWithLargeBody(5 * 1024 * 1024);

        HttpResponse<String> response = deliver("/hooks", "msg_1");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).hasSize(5 * 1024 * 1024);
        assertThat(receiver.delivered()).hasSize(1);
    }

    @Test
    void behavioursArePerPathAndChangeAtAnyTime() throws Exception {
        receiver.behave("/failing", Behaviour.NORMAL.failingFirst(10, 500));

        assertThat(deliver("/failing", "msg_1").statusCode()).isEqualTo(500);
        assertThat(deliver("/hooks", "msg_1").statusCode()).isEqualTo(204);

        receiver.behave("/failing", Behaviour.answering(200));
        assertThat(deliver("/failing", "msg_1").statusCode()).isEqualTo(200);

        receiver.answerWith(202);
        assertThat(deliver("/hooks", "msg_2").statusCode()).isEqualTo(202);
        receiver.behaveNormally();
        assertThat(deliver("/hooks", "msg_3").statusCode()).isEqualTo(204);
    }

    // ---- waiting --------------------------------------------------------------------------------------------------

    @Test
    void awaitDeliveredReturnsOnceEnoughHaveBeenDelivered() throws Exception {
        receiver.failFirst(1, 500);
        CompletableFuture<Void> sender = CompletableFuture.runAsync(() -> {
            try {
                for (String id : List.of("msg_1", "msg_2")) {
                    Thread.sleep(100);
                    deliver("/hooks", id);
                    deliver("/hooks", id);
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });

        List<Received> delivered = receiver.awaitDelivered(2, Duration.ofSeconds(10));
        assertThat(delivered).extracting(Received::webhookId).containsExactly("msg_1", "msg_2");
        assertThat(receiver.awaitDelivered(request -> "msg_2".equals(request.webhookId()), 1, Duration.ofSeconds(1)))
                .singleElement().extracting(Received::status).isEqualTo(204);
        sender.join();
    }

    @Test
    void awaitDeliveredFailsListingWhatArrived() throws Exception {
        receiver.failFirst(1, 500);
        deliver("/hooks", "msg_1");
        deliver("/hooks", "msg_1");
        deliver("/hooks", "msg_2");

        long start = System.nanoTime();
        assertThatThrownBy(() -> receiver.awaitDelivered(2, Duration.ofMillis(300)))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("expected 2 delivered webhooks within PT0.3S but 1 matched; 3 requests arrived")
                .hasMessageContaining("POST /hooks id=msg_1 type=invoice.finalized answer=500")
                .hasMessageContaining("POST /hooks id=msg_1 type=invoice.finalized answer=204")
                .hasMessageContaining("POST /hooks id=msg_2 type=invoice.finalized answer=500");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(300));

        assertThatThrownBy(() -> receiver.awaitDelivered(r -> "msg_2".equals(r.webhookId()), 1, Duration.ZERO))
                .isInstanceOf(AssertionError.class).hasMessageContaining("but 0 matched");
    }

    @Test
    void clearForgetsRequestsAndAttemptCounts() throws Exception {
        receiver.failFirst(1, 500);
        deliver("/hooks", "msg_1");
        deliver("/hooks", "msg_1");
        receiver.clear();

        assertThat(receiver.all()).isEmpty();
        assertThat(deliver("/hooks", "msg_1").statusCode()).isEqualTo(500);
    }
}
