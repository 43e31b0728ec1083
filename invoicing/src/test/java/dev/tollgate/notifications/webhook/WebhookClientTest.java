package dev.tollgate.notifications.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Against a real HTTP server on 127.0.0.1, which only allowPrivateTargets lets the client reach. */
class WebhookClientTest {

    private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private static final byte[] BODY = "{\"type\":\"invoice.issued\"}".getBytes(StandardCharsets.UTF_8);
    private static final Duration REQUEST_TIMEOUT = Duration.ofMillis(800);
    private static final Duration PATIENT = Duration.ofSeconds(10);
    private static final int MAX_RESPONSE_BYTES = 1024;

    /** What the server saw of one request: its headers (names lower-cased) and body. */
    private record Received(Map<String, List<String>> headers, byte[] body) {
        String header(String name) {
            List<String> values = headers.get(name);
            return values == null ? null : String.join(",", values);
        }
    }

    private final List<Received> received = new CopyOnWriteArrayList<>();
    /** Released when a test ends, so handlers that hang on purpose do not outlive it. */
    private final CountDownLatch release = new CountDownLatch(1);
    private ExecutorService serverThreads;
    private HttpServer server;

    @BeforeEach
    void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        serverThreads = Executors.newCachedThreadPool();
        server.setExecutor(serverThreads);
        server.start();
    }

    @AfterEach
    void stopServer() {
        release.countDown();
        server.stop(0);
        serverThreads.shutdownNow();
    }

    private String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    private void answer(String path, HttpHandler handler) {
        server.createContext(path, exchange -> {
            Map<String, List<String>> headers = new LinkedHashMap<>();
            exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(), values));
            received.add(new Received(headers, exchange.getRequestBody().readAllBytes()));
            handler.handle(exchange);
        });
    }

    private static void reply(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    /** A client with time to spare: a busy machine must not turn a delivery into a timeout. */
    private static WebhookClient client(boolean allowPrivateTargets) {
        return client(allowPrivateTargets, PATIENT);
    }

    /** A client whose request timeout the timeout tests measure. */
    private static WebhookClient impatientClient() {
        return client(true, REQUEST_TIMEOUT);
    }

    private static WebhookClient client(boolean allowPrivateTargets, Duration requestTimeout) {
        OutboundTargets targets = new OutboundTargets(allowPrivateTargets, InetAddress::getAllByName);
        return new WebhookClient(targets, Duration.ofSeconds(2), requestTimeout, MAX_RESPONSE_BYTES,
                "Tollgate-Webhooks/1.0");
    }

    private WebhookRequest request(String path, Map<String, String> headers) {
        return WebhookRequest.signed(url(path), headers, SECRET, "msg_1", 1614265330L, BODY);
    }

    @Test
    void a2xxIsDeliveredWithTheSignedRequest() {
        answer("/hook", exchange -> reply(exchange, 204, ""));
        WebhookResult result = client(true).send(request("/hook", Map.of()));

        assertThat(result.delivered()).isTrue();
        assertThat(result.status()).isEqualTo(204);
        assertThat(result.error()).isNull();
        assertThat(result.took()).isPositive();
        assertThat(received).hasSize(1);
        Received request = received.get(0);
        assertThat(request.body()).isEqualTo(BODY);
        assertThat(request.header("webhook-id")).isEqualTo("msg_1");
        assertThat(request.header("webhook-timestamp")).isEqualTo("1614265330");
        assertThat(request.header("webhook-signature"))
                .isEqualTo(WebhookSignature.sign(SECRET, "msg_1", 1614265330L, BODY));
        assertThat(request.header("content-type")).isEqualTo("application/json");
        assertThat(request.header("user-agent")).isEqualTo("Tollgate-Webhooks/1.0");
    }

    @Test
    void a200KeepsTheAnswersBody() {
        answer("/hook", exchange -> reply(exchange, 200, "{\"ok\":true}"));
        WebhookResult result = client(true).send(request("/hook", Map.of()));
        assertThat(result.delivered()).isTrue();
        assertThat(result.responseSnippet()).isEqualTo("{\"ok\":true}");
    }

    @Test
    void a500IsNotDelivered() {
        answer("/hook", exchange -> reply(exchange, 500, "database down"));
        WebhookResult result = client(true).send(request("/hook", Map.of()));

        assertThat(result.delivered()).isFalse();
        assertThat(result.status()).isEqualTo(500);
        assertThat(result.responseSnippet()).isEqualTo("database down");
        assertThat(result.error()).isNull();
    }

    @Test
    void aSlowAnswerTimesOut() {
        answer("/hook", exchange -> {
            awaitRelease();
            reply(exchange, 200, "too late");
        });
        WebhookResult result = impatientClient().send(request("/hook", Map.of()));

        assertThat(result.delivered()).isFalse();
        assertThat(result.status()).isNull();
        assertThat(result.error()).contains("800 ms");
        assertThat(result.took()).isBetween(REQUEST_TIMEOUT.minusMillis(50), REQUEST_TIMEOUT.plusSeconds(2));
    }

    /** The request timeout covers the whole answer, not only its headers: a trickling body cannot hold us. */
    @Test
    void aTricklingBodyTimesOutToo() {
        answer("/hook", exchange -> {
            exchange.sendResponseHeaders(200, 0);
            OutputStream out = exchange.getResponseBody();
            out.write('x');
            out.flush();
            awaitRelease();
            out.close();
        });
        WebhookResult result = impatientClient().send(request("/hook", Map.of()));

        assertThat(result.delivered()).isFalse();
        assertThat(result.error()).contains("800 ms");
        assertThat(result.took()).isLessThan(REQUEST_TIMEOUT.plusSeconds(2));
    }

    @Test
    void aConnectionClosedWithoutAnAnswerIsAnError() {
        // Closing the exchange before sending headers makes the server drop the connection.
        answer("/hook", HttpExchange::close);
        WebhookResult result = client(true).send(request("/hook", Map.of()));

        assertThat(result.delivered()).isFalse();
        assertThat(result.status()).isNull();
        assertThat(result.error()).startsWith("connection failed");
        // A POST is not retried by the JDK client on its own.
        assertThat(received).hasSize(1);
    }

    @Test
    void aRefusedConnectionIsAnError() throws IOException {
        int port;
        try (var socket = new java.net.ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        WebhookResult result = client(true).send(
                WebhookRequest.signed("http://127.0.0.1:" + port + "/", Map.of(), SECRET, "msg_1", 1L, BODY));
        assertThat(result.delivered()).isFalse();
        assertThat(result.error()).startsWith("could not connect");
    }

    @Test
    void onlyTheStartOfALargeAnswerIsRead() {
        AtomicInteger written = new AtomicInteger();
        CountDownLatch serverDone = new CountDownLatch(1);
        answer("/hook", exchange -> {
            exchange.sendResponseHeaders(200, 0);
            try (OutputStream out = exchange.getResponseBody()) {
                byte[] chunk = "y".repeat(8192).getBytes(StandardCharsets.UTF_8);
                // Far more than the limit; the writes fail once the client hangs up.
                for (int i = 0; i < 10_000; i++) {
                    out.write(chunk);
                    written.addAndGet(chunk.length);
                }
            } catch (IOException hungUp) {
                // expected
            } finally {
                serverDone.countDown();
            }
        });
        WebhookResult result = impatientClient().send(request("/hook", Map.of()));

        assertThat(result.delivered()).isTrue();
        assertThat(result.error()).isNull();
        assertThat(result.responseSnippet()).hasSize(MAX_RESPONSE_BYTES).matches("y+");
        assertThat(result.took()).isLessThan(REQUEST_TIMEOUT);
        // The client hung up instead of reading the rest: the server could not write it all.
        assertThat(awaitQuietly(serverDone)).isTrue();
        assertThat(written.get()).isLessThan(10_000 * 8192);
    }

    @Test
    void customHeadersCannotOverrideTheReservedOnes() {
        answer("/hook", exchange -> reply(exchange, 200, "ok"));
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Webhook-Signature", "v1,forged");
        headers.put("WEBHOOK-ID", "msg_forged");
        headers.put("webhook-timestamp", "1");
        headers.put("Content-Type", "text/plain");
        headers.put("User-Agent", "curl/8");
        headers.put("Host", "internal.example");
        headers.put("Content-Length", "1");
        headers.put("Authorization", "Bearer t0ken");
        headers.put("X-Tenant", "acme");
        WebhookResult result = client(true).send(request("/hook", headers));

        assertThat(result.delivered()).isTrue();
        Received request = received.get(0);
        assertThat(request.header("webhook-signature"))
                .isEqualTo(WebhookSignature.sign(SECRET, "msg_1", 1614265330L, BODY));
        assertThat(request.header("webhook-id")).isEqualTo("msg_1");
        assertThat(request.header("webhook-timestamp")).isEqualTo("1614265330");
        assertThat(request.header("content-type")).isEqualTo("application/json");
        assertThat(request.header("user-agent")).isEqualTo("Tollgate-Webhooks/1.0");
        assertThat(request.header("host")).startsWith("127.0.0.1:");
        assertThat(request.header("content-length")).isEqualTo(Integer.toString(BODY.length));
        assertThat(request.header("authorization")).isEqualTo("Bearer t0ken");
        assertThat(request.header("x-tenant")).isEqualTo("acme");
    }

    @Test
    void reservedHeadersAreRecognisedInAnyCase() {
        assertThat(WebhookClient.isReservedHeader("Webhook-Signature")).isTrue();
        assertThat(WebhookClient.isReservedHeader("WEBHOOK-ID")).isTrue();
        assertThat(WebhookClient.isReservedHeader("webhook-timestamp")).isTrue();
        assertThat(WebhookClient.isReservedHeader("Content-Type")).isTrue();
        assertThat(WebhookClient.isReservedHeader("content-length")).isTrue();
        assertThat(WebhookClient.isReservedHeader("Host")).isTrue();
        assertThat(WebhookClient.isReservedHeader("User-Agent")).isTrue();
        assertThat(WebhookClient.isReservedHeader("Authorization")).isFalse();
        assertThat(WebhookClient.isReservedHeader("X-Webhook-Signature")).isFalse();
        assertThat(WebhookClient.isReservedHeader(null)).isFalse();
    }

    @Test
    void anInvalidCustomHeaderIsAnErrorThatDoesNotRepeatItsValue() {
        answer("/hook", exchange -> reply(exchange, 200, "ok"));
        WebhookResult result = client(true).send(request("/hook", Map.of("X-Token", "s3cret\r\nX-Evil: 1")));

        assertThat(result.delivered()).isFalse();
        assertThat(result.error()).contains("X-Token").doesNotContain("s3cret");
        assertThat(received).isEmpty();
    }

    @Test
    void aRedirectIsNotFollowed() {
        answer("/hook", exchange -> {
            exchange.getResponseHeaders().add("Location", url("/elsewhere"));
            reply(exchange, 302, "");
        });
        answer("/elsewhere", exchange -> reply(exchange, 200, "ok"));
        WebhookResult result = client(true).send(request("/hook", Map.of()));

        assertThat(result.delivered()).isFalse();
        assertThat(result.status()).isEqualTo(302);
        assertThat(received).hasSize(1);
    }

    @Test
    void aPrivateTargetIsRefusedBeforeConnecting() {
        answer("/hook", exchange -> reply(exchange, 200, "ok"));
        WebhookResult result = client(false).send(request("/hook", Map.of()));

        assertThat(result.delivered()).isFalse();
        assertThat(result.status()).isNull();
        assertThat(result.error()).isEqualTo("disallowed_target: resolves to 127.0.0.1, a loopback address");
        assertThat(received).isEmpty();
    }

    @Test
    void anInvalidUrlIsAnErrorNotAnException() {
        WebhookResult result = client(true).send(WebhookRequest.signed("ftp://x/", Map.of(), SECRET, "m", 1L, BODY));
        assertThat(result.delivered()).isFalse();
        assertThat(result.error()).startsWith("invalid_url: ");
    }

    private void awaitRelease() {
        awaitQuietly(release);
    }

    private static boolean awaitQuietly(CountDownLatch latch) {
        try {
            return latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
