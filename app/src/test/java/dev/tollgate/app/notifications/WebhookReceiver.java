package dev.tollgate.app.notifications;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A webhook endpoint for tests: a real HTTP server on 127.0.0.1 that receives Standard Webhooks
 * (https://www.standardwebhooks.com/) the way a customer's endpoint would, verifies their signatures, answers the way
 * a test tells it to (fail the first attempts, answer slowly, drop the connection, send a large body) and records every
 * request so tests can look at what arrived.
 *
 * <p>It verifies with its own implementation of the scheme and uses no Tollgate class, so a mistake in Tollgate's
 * signing cannot be mirrored by the same mistake here. A request whose signature or timestamp does not verify is
 * answered 401 at once (no behaviour applies to it) and recorded with {@code signatureValid == false}.
 *
 * <p>Behaviours count attempts per path and {@code webhook-id}, so "fail the first 2 attempts" fails the first two
 * deliveries of every message and lets its third through. Only verified requests count as attempts. Everything can be
 * changed at any time from any thread; a request uses the behaviour in force when it arrived.
 *
 * <pre>{@code
 * try (WebhookReceiver receiver = new WebhookReceiver(TestTime::clock).secret(endpoint.secret()).start()) {
 *     receiver.failFirst(2, 500);
 *     ... register receiver.url("/hooks") as the endpoint, make Tollgate send ...
 *     receiver.awaitDelivered(1, Duration.ofSeconds(30));
 * }
 * }</pre>
 */
public final class WebhookReceiver implements AutoCloseable {

    /** The Standard Webhooks reference libraries reject timestamps further than this from their clock. */
    public static final Duration DEFAULT_TOLERANCE = Duration.ofMinutes(5);

    /** {@link Received#status()} of a request whose connection was closed without an answer. */
    public static final int CLOSED = -1;

    private static final String SECRET_PREFIX = "whsec_";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Supplier<Clock> clock;
    private volatile Duration timestampTolerance = DEFAULT_TOLERANCE;
    private volatile List<byte[]> defaultKeys = List.of();
    private final Map<String, List<byte[]>> keysByPath = new ConcurrentHashMap<>();
    private final AtomicReference<Behaviour> defaultBehaviour = new AtomicReference<>(Behaviour.NORMAL);
    private final Map<String, Behaviour> behaviourByPath = new ConcurrentHashMap<>();
    private final Map<String, Integer> attemptsByPathAndId = new ConcurrentHashMap<>();
    // Guards `received`; awaiting threads wait on it and each recorded request wakes them.
    private final Object arrivals = new Object();
    private final List<Received> received = new ArrayList<>();
    private HttpServer server;
    private ExecutorService handlers;

    /**
     * What the receiver does with a verified request. Attempt n (1-based, per path and {@code webhook-id}) is
     * answered, after {@code delay}: by closing the connection if n ≤ closeFirst; else with {@code failStatus} if
     * n ≤ closeFirst + failFirst; else with {@code status}. {@code body} goes with every answer that may carry one
     * (not with 204 or 304).
     */
    public record Behaviour(int status, String body, int closeFirst, int failFirst, int failStatus, Duration delay) {

        /** Answers 204 at once. */
        public static final Behaviour NORMAL = new Behaviour(204, null, 0, 0, 500, Duration.ZERO);

        public Behaviour {
            checkStatus(status);
            checkStatus(failStatus);
            if (closeFirst < 0 || failFirst < 0) {
                throw new IllegalArgumentException("attempt counts must not be negative");
            }
            Objects.requireNonNull(delay, "delay");
            if (delay.isNegative()) {
                throw new IllegalArgumentException("delay must not be negative: " + delay);
            }
        }

        /** Answers {@code status} (usually 200 or 204) at once. */
        public static Behaviour answering(int status) {
            return NORMAL.withStatus(status);
        }

        public Behaviour withStatus(int status) {
            return new Behaviour(status, body, closeFirst, failFirst, failStatus, delay);
        }

        public Behaviour withBody(String body) {
            return new Behaviour(status, body, closeFirst, failFirst, failStatus, delay);
        }

        /** A body of {@code bytes} ASCII bytes, for senders that must not read (or log) all of an answer. */
        public Behaviour withLargeBody(int bytes) {
            return withBody("x".repeat(bytes));
        }

        public Behaviour failingFirst(int attempts, int failStatus) {
            return new Behaviour(status, body, closeFirst, attempts, failStatus, delay);
        }

        public Behaviour closingFirst(int attempts) {
            return new Behaviour(status, body, attempts, failFirst, failStatus, delay);
        }

        public Behaviour delayedBy(Duration delay) {
            return new Behaviour(status, body, closeFirst, failFirst, failStatus, delay);
        }

        private static void checkStatus(int status) {
            if (status < 100 || status > 599) {
                throw new IllegalArgumentException("not an HTTP status: " + status);
            }
        }

        @Override
        public String toString() {
            return "Behaviour[status=" + status + ", body=" + (body == null ? "none" : body.length() + " chars")
                    + ", closeFirst=" + closeFirst + ", failFirst=" + failFirst + ", failStatus=" + failStatus
                    + ", delay=" + delay + "]";
        }
    }

    /**
     * One request as it arrived and how it was answered.
     *
     * @param webhookId           the {@code webhook-id} header, null if absent
     * @param timestamp           the {@code webhook-timestamp} header, null if absent or not a number of seconds
     * @param signatureValid      whether the request verified: a signature matched a secret and the timestamp was
     *                            within tolerance (when checked)
     * @param verificationFailure why it did not verify, null if it did
     * @param headers             every header, names lower-cased, in no particular order
     * @param json                the body parsed as JSON, null if it is not JSON
     * @param status              the status answered, or {@link WebhookReceiver#CLOSED}
     * @param receivedAt          the system time when the request arrived (before any delay)
     */
    public record Received(String method, String path, String webhookId, Instant timestamp, boolean signatureValid,
            String verificationFailure, Map<String, List<String>> headers, String body, JsonNode json, int status,
            Instant receivedAt) {

        public Received {
            headers = Map.copyOf(headers.entrySet().stream()
                    .collect(Collectors.toMap(Map.Entry::getKey, entry -> List.copyOf(entry.getValue()))));
            json = json == null ? null : json.deepCopy();
        }

        /** A copy, so that no caller can change what was recorded. */
        @Override
        public JsonNode json() {
            return json == null ? null : json.deepCopy();
        }

        /** The first value of a header, null if absent; {@code name} in any case. */
        public String header(String name) {
            List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
            return values == null || values.isEmpty() ? null : values.get(0);
        }

        /** The payload's {@code type} field, null if there is none. */
        public String type() {
            JsonNode type = json == null ? null : json.get("type");
            return type == null || !type.isTextual() ? null : type.asText();
        }

        public boolean closed() {
            return status == CLOSED;
        }

        /** Answered 2xx: the sender was told the webhook arrived. */
        public boolean delivered() {
            return status >= 200 && status < 300;
        }

        /** The answer as text: the status, or "closed". */
        public String answer() {
            return closed() ? "closed" : Integer.toString(status);
        }

        // Short, because whole bodies and header maps would drown assertion messages.
        @Override
        public String toString() {
            return method + " " + path + " id=" + webhookId + " type=" + type() + " answer=" + answer()
                    + (signatureValid ? "" : " INVALID(" + verificationFailure + ")") + " at=" + receivedAt;
        }
    }

    /** Checks timestamps against the system clock. */
    public WebhookReceiver() {
        this(Clock::systemUTC);
    }

    /** Checks timestamps against {@code clock}, asked at each request, so a test can move the clock it returns. */
    public WebhookReceiver(Supplier<Clock> clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    // ---- lifecycle ------------------------------------------------------------------------------------------------

    /** Starts listening on 127.0.0.1 on a free port. */
    public synchronized WebhookReceiver start() {
        if (server != null) {
            throw new IllegalStateException("already started");
        }
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 0);
        } catch (IOException e) {
            throw new IllegalStateException("cannot listen on 127.0.0.1", e);
        }
        // A pool without a bound: a slow answer must not hold up the requests behind it.
        handlers = Executors.newCachedThreadPool(task -> {
            Thread thread = new Thread(task, "webhook-receiver");
            thread.setDaemon(true);
            return thread;
        });
        server.setExecutor(handlers);
        server.createContext("/", this::handle);
        server.start();
        return this;
    }

    /** {@code http://127.0.0.1:<port><path>}; {@code path} starts with "/". */
    public synchronized String url(String path) {
        if (server == null) {
            throw new IllegalStateException("not started");
        }
        if (!path.startsWith("/")) {
            throw new IllegalArgumentException("path must start with /: " + path);
        }
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    /** Stops at once; requests being delayed are dropped unanswered and not recorded. */
    @Override
    public synchronized void close() {
        if (server == null) {
            return;
        }
        server.stop(0);
        handlers.shutdownNow();
        try {
            handlers.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        server = null;
    }

    // ---- verification settings ------------------------------------------------------------------------------------

    /**
     * The secrets ({@code whsec_<base64 key>}) that verify requests to paths without their own; a request verifies
     * if any signature matches any of them, as during a secret rotation. Replaces the previous ones.
     */
    public WebhookReceiver secret(String... secrets) {
        defaultKeys = keys(secrets);
        return this;
    }

    /** The secrets that verify requests to {@code path}, instead of those given to {@link #secret(String...)}. */
    public WebhookReceiver secretFor(String path, String... secrets) {
        keysByPath.put(path, keys(secrets));
        return this;
    }

    /** How far a {@code webhook-timestamp} may be from the clock, either way. */
    public WebhookReceiver timestampTolerance(Duration tolerance) {
        if (tolerance.isNegative()) {
            throw new IllegalArgumentException("tolerance must not be negative: " + tolerance);
        }
        timestampTolerance = tolerance;
        return this;
    }

    /** Accepts any timestamp (it must still be a number, and is still signed). */
    public WebhookReceiver ignoreTimestamps() {
        timestampTolerance = null;
        return this;
    }

    // ---- behaviour ------------------------------------------------------------------------------------------------

    /** The behaviour for paths without their own. */
    public WebhookReceiver behave(Behaviour behaviour) {
        defaultBehaviour.set(Objects.requireNonNull(behaviour, "behaviour"));
        return this;
    }

    /** The behaviour for {@code path}, instead of the default one. */
    public WebhookReceiver behave(String path, Behaviour behaviour) {
        behaviourByPath.put(path, Objects.requireNonNull(behaviour, "behaviour"));
        return this;
    }

    /** The behaviour requests to {@code path} get now. */
    public Behaviour behaviour(String path) {
        return behaviourByPath.getOrDefault(path, defaultBehaviour.get());
    }

    /** Default behaviour: fail the first {@code attempts} attempts of each webhook-id with {@code status}. */
    public WebhookReceiver failFirst(int attempts, int status) {
        return changeDefault(behaviour -> behaviour.failingFirst(attempts, status));
    }

    /** Default behaviour: close the connection without answering the first {@code attempts} attempts. */
    public WebhookReceiver closeFirst(int attempts) {
        return changeDefault(behaviour -> behaviour.closingFirst(attempts));
    }

    /** Default behaviour: wait {@code delay} before every answer. */
    public WebhookReceiver answerAfter(Duration delay) {
        return changeDefault(behaviour -> behaviour.delayedBy(delay));
    }

    /** Default behaviour: answer successful attempts with {@code status}. */
    public WebhookReceiver answerWith(int status) {
        return changeDefault(behaviour -> behaviour.withStatus(status));
    }

    /** Default behaviour: answer 200 with a body of {@code bytes} bytes. */
    public WebhookReceiver answerWithLargeBody(int bytes) {
        return changeDefault(behaviour -> behaviour.withStatus(200).withLargeBody(bytes));
    }

    /** Every path back to {@link Behaviour#NORMAL}. */
    public WebhookReceiver behaveNormally() {
        behaviourByPath.clear();
        defaultBehaviour.set(Behaviour.NORMAL);
        return this;
    }

    private WebhookReceiver changeDefault(UnaryOperator<Behaviour> change) {
        defaultBehaviour.updateAndGet(change);
        return this;
    }

    // ---- queries --------------------------------------------------------------------------------------------------

    /** Every request, in the order they were answered (with delays, not quite the order they arrived). */
    public List<Received> all() {
        synchronized (arrivals) {
            return List.copyOf(received);
        }
    }

    /**
     * The requests answered 2xx, in the order they were answered. A request is recorded just before its answer is
     * written, so a sender that gave up waiting for a slow answer still counts here: tests of sender timeouts look at
     * the attempts ({@link #withId(String)}) rather than at this.
     */
    public List<Received> delivered() {
        return matching(Received::delivered);
    }

    /** The webhook-ids answered 2xx at least once, in the order of their first delivery. */
    public Set<String> distinctDeliveredIds() {
        Set<String> ids = new LinkedHashSet<>();
        delivered().forEach(request -> ids.add(request.webhookId()));
        return Collections.unmodifiableSet(ids);
    }

    /** The delivered requests whose payload's {@code type} is {@code type}. */
    public List<Received> ofType(String type) {
        return matching(request -> request.delivered() && type.equals(request.type()));
    }

    /** Every request, delivered or not, with this webhook-id: its attempts. */
    public List<Received> withId(String webhookId) {
        return matching(request -> webhookId.equals(request.webhookId()));
    }

    /** Waits until at least {@code count} requests have been delivered, and returns all the delivered ones. */
    public List<Received> awaitDelivered(int count, Duration timeout) {
        return awaitDelivered(request -> true, count, timeout);
    }

    /**
     * Waits until at least {@code count} delivered requests match {@code condition}, and returns all that match.
     *
     * @throws AssertionError listing every request that arrived, if they do not come within {@code timeout}
     */
    public List<Received> awaitDelivered(Predicate<Received> condition, int count, Duration timeout) {
        Predicate<Received> wanted = request -> request.delivered() && condition.test(request);
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (arrivals) {
            while (true) {
                List<Received> matches = received.stream().filter(wanted).toList();
                if (matches.size() >= count) {
                    return matches;
                }
                long remainingMillis = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (remainingMillis <= 0) {
                    throw new AssertionError("expected " + count + " delivered webhook" + (count == 1 ? "" : "s")
                            + " within " + timeout + " but " + matches.size() + " matched; " + received.size()
                            + " requests arrived" + received.stream().map(request -> "\n  " + request)
                            .collect(Collectors.joining()));
                }
                try {
                    arrivals.wait(remainingMillis);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new AssertionError("interrupted while waiting for webhooks", e);
                }
            }
        }
    }

    /** Forgets every request and every attempt count; secrets and behaviours stay. */
    public void clear() {
        synchronized (arrivals) {
            received.clear();
            attemptsByPathAndId.clear();
        }
    }

    private List<Received> matching(Predicate<Received> condition) {
        synchronized (arrivals) {
            return received.stream().filter(condition).toList();
        }
    }

    // ---- handling -------------------------------------------------------------------------------------------------

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            Instant receivedAt = Instant.now();
            String path = exchange.getRequestURI().getPath();
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            Map<String, List<String>> headers = lowerCased(exchange.getRequestHeaders());
            String webhookId = first(headers, "webhook-id");
            String timestampText = first(headers, "webhook-timestamp");
            String failure = verify(path, webhookId, timestampText, first(headers, "webhook-signature"), body);
            Behaviour behaviour = behaviour(path);
            int status;
            String answerBody;
            if (failure != null) {
                status = 401;
                answerBody = "webhook verification failed: " + failure;
            } else {
                int attempt = attemptsByPathAndId.merge(path + " " + webhookId, 1, Integer::sum);
                if (!behaviour.delay().isZero()) {
                    try {
                        Thread.sleep(behaviour.delay().toMillis());
                    } catch (InterruptedException e) {
                        return; // the receiver is closing
                    }
                }
                status = attempt <= behaviour.closeFirst() ? CLOSED
                        : attempt <= behaviour.closeFirst() + behaviour.failFirst() ? behaviour.failStatus()
                        : behaviour.status();
                answerBody = behaviour.body();
            }
            // Recorded before answering, so that whatever the sender has seen, a test sees too.
            String text = new String(body, StandardCharsets.UTF_8);
            record(new Received(exchange.getRequestMethod(), path, webhookId, parseTimestamp(timestampText),
                    failure == null, failure, headers, text, parseJson(text), status, receivedAt));
            // For CLOSED: closing the exchange before sending headers makes HttpServer close the connection.
            if (status != CLOSED) {
                answer(exchange, status, answerBody);
            }
        }
    }

    private static void answer(HttpExchange exchange, int status, String body) {
        boolean mayHaveBody = status != 204 && status != 304 && body != null;
        byte[] bytes = mayHaveBody ? body.getBytes(StandardCharsets.UTF_8) : new byte[0];
        try {
            if (mayHaveBody) {
                exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
            }
            exchange.sendResponseHeaders(status, mayHaveBody ? bytes.length : -1);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        } catch (IOException e) {
            // The sender went away (it gave up waiting, or stopped reading a large body); the answer was still given.
        }
    }

    private void record(Received request) {
        synchronized (arrivals) {
            received.add(request);
            arrivals.notifyAll();
        }
    }

    // ---- Standard Webhooks verification ---------------------------------------------------------------------------

    /** Null if the request verifies, else why not. */
    private String verify(String path, String webhookId, String timestampText, String signatureHeader, byte[] body) {
        if (webhookId == null || timestampText == null || signatureHeader == null) {
            return "missing webhook-id, webhook-timestamp or webhook-signature header";
        }
        List<byte[]> keys = keysByPath.getOrDefault(path, defaultKeys);
        if (keys.isEmpty()) {
            return "no secret configured for " + path;
        }
        Instant timestamp = parseTimestamp(timestampText);
        if (timestamp == null) {
            return "webhook-timestamp is not unix seconds: " + timestampText;
        }
        Duration tolerance = timestampTolerance;
        if (tolerance != null) {
            Instant now = clock.get().instant();
            if (Duration.between(timestamp, now).abs().compareTo(tolerance) > 0) {
                return "webhook-timestamp " + timestamp + " is more than " + tolerance + " from " + now;
            }
        }
        byte[] signedContent = concat((webhookId + "." + timestampText + ".").getBytes(StandardCharsets.UTF_8), body);
        List<byte[]> expected = keys.stream().map(key -> hmacSha256(key, signedContent)).toList();
        for (String signature : signatureHeader.trim().split(" +")) {
            if (!signature.startsWith("v1,")) {
                continue; // other versions (v1a: asymmetric) are not ours to check
            }
            byte[] given;
            try {
                given = Base64.getDecoder().decode(signature.substring(3));
            } catch (IllegalArgumentException e) {
                continue;
            }
            for (byte[] mac : expected) {
                if (MessageDigest.isEqual(mac, given)) {
                    return null;
                }
            }
        }
        return "no v1 signature matches";
    }

    private static List<byte[]> keys(String... secrets) {
        if (secrets.length == 0) {
            throw new IllegalArgumentException("at least one secret");
        }
        List<byte[]> keys = new ArrayList<>();
        for (String secret : secrets) {
            String encoded = secret.startsWith(SECRET_PREFIX) ? secret.substring(SECRET_PREFIX.length()) : secret;
            keys.add(Base64.getDecoder().decode(encoded));
        }
        return List.copyOf(keys);
    }

    private static byte[] hmacSha256(byte[] key, byte[] content) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(content);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] concat(byte[] first, byte[] second) {
        byte[] both = new byte[first.length + second.length];
        System.arraycopy(first, 0, both, 0, first.length);
        System.arraycopy(second, 0, both, first.length, second.length);
        return both;
    }

    private static Instant parseTimestamp(String text) {
        if (text == null) {
            return null;
        }
        try {
            return Instant.ofEpochSecond(Long.parseLong(text.trim()));
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static JsonNode parseJson(String text) {
        if (text.isBlank()) {
            return null;
        }
        try {
            return JSON.readTree(text);
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    private static Map<String, List<String>> lowerCased(Map<String, List<String>> headers) {
        Map<String, List<String>> lower = new LinkedHashMap<>();
        headers.forEach((name, values) ->
                lower.computeIfAbsent(name.toLowerCase(Locale.ROOT), key -> new ArrayList<>()).addAll(values));
        return lower;
    }

    private static String first(Map<String, List<String>> headers, String name) {
        List<String> values = headers.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }
}
