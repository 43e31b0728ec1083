package dev.tollgate.notifications.webhook;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Makes one webhook delivery attempt: a signed JSON POST over HTTP/1.1. Redirects are never followed (a redirect
 * could lead past the target check to an internal address), the answer is read only up to a limit, and every failure
 * to get an answer comes back as a {@link WebhookResult} with an error rather than as an exception, so the caller
 * only has to decide about retrying.
 */
@ApplicationScoped
public class WebhookClient {

    /**
     * Headers a channel's custom headers cannot set: the signature headers (a receiver must be able to trust them),
     * the body's framing and type, and the ones that identify us or the target. The JDK client refuses to send
     * connection, expect and upgrade anyway.
     */
    private static final Set<String> RESERVED_HEADERS = Set.of(WebhookSignature.ID_HEADER,
            WebhookSignature.TIMESTAMP_HEADER, WebhookSignature.SIGNATURE_HEADER, "content-type", "content-length",
            "host", "user-agent", "connection", "expect", "upgrade", "transfer-encoding");

    private final OutboundTargets targets;
    private final Duration requestTimeout;
    private final int maxResponseBytes;
    private final String userAgent;
    private final HttpClient http;

    @Inject
    public WebhookClient(OutboundTargets targets, WebhookConfig config) {
        this(targets, config.connectTimeout(), config.requestTimeout(), config.maxResponseBytes(),
                config.userAgent());
    }

    public WebhookClient(OutboundTargets targets, Duration connectTimeout, Duration requestTimeout,
            int maxResponseBytes, String userAgent) {
        this.targets = targets;
        this.requestTimeout = requestTimeout;
        this.maxResponseBytes = maxResponseBytes;
        this.userAgent = userAgent;
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(connectTimeout)
                .build();
    }

    /** Whether custom headers may not set this header (compared case-insensitively), so the API can reject it. */
    public static boolean isReservedHeader(String name) {
        return name != null && RESERVED_HEADERS.contains(name.trim().toLowerCase(Locale.ROOT));
    }

    /** Sends the request once; never throws for anything the network or the target does. */
    public WebhookResult send(WebhookRequest request) {
        long start = System.nanoTime();
        ResolvedTarget target;
        try {
            target = targets.check(request.url());
        } catch (OutboundTargetException e) {
            return WebhookResult.failed(e.reasonCode() + ": " + e.getMessage(), since(start));
        }
        HttpRequest httpRequest;
        try {
            httpRequest = build(target, request);
        } catch (IllegalArgumentException e) {
            return WebhookResult.failed(e.getMessage(), since(start));
        }
        CompletableFuture<HttpResponse<byte[]>> pending =
                http.sendAsync(httpRequest, info -> new BoundedBodySubscriber(maxResponseBytes));
        try {
            // HttpRequest.timeout only covers the wait for the answer's headers; this bounds reading its body too.
            HttpResponse<byte[]> response = pending.get(requestTimeout.toMillis(), TimeUnit.MILLISECONDS);
            String snippet = new String(response.body(), StandardCharsets.UTF_8);
            return WebhookResult.answered(response.statusCode(), snippet, since(start));
        } catch (TimeoutException e) {
            pending.cancel(true);
            return WebhookResult.failed("no complete answer within " + describe(requestTimeout), since(start));
        } catch (ExecutionException e) {
            return WebhookResult.failed(describe(e.getCause()), since(start));
        } catch (InterruptedException e) {
            pending.cancel(true);
            Thread.currentThread().interrupt();
            return WebhookResult.failed("interrupted before an answer came", since(start));
        }
    }

    private HttpRequest build(ResolvedTarget target, WebhookRequest request) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(target.uri()).timeout(requestTimeout);
        for (Map.Entry<String, String> header : request.customHeaders().entrySet()) {
            if (isReservedHeader(header.getKey())) {
                continue;
            }
            try {
                builder.header(header.getKey(), header.getValue());
            } catch (IllegalArgumentException e) {
                // Only the name: a custom header's value is often a credential.
                throw new IllegalArgumentException("the custom header '" + header.getKey() + "' is not valid");
            }
        }
        // Set after the custom headers, and with setHeader, so nothing a channel configures can replace them.
        return builder
                .setHeader(WebhookSignature.ID_HEADER, request.msgId())
                .setHeader(WebhookSignature.TIMESTAMP_HEADER, Long.toString(request.timestampSeconds()))
                .setHeader(WebhookSignature.SIGNATURE_HEADER, request.signature())
                .setHeader("content-type", "application/json")
                .setHeader("user-agent", userAgent)
                .POST(HttpRequest.BodyPublishers.ofByteArray(request.body()))
                .build();
    }

    private String describe(Throwable error) {
        while (error instanceof CompletionException && error.getCause() != null) {
            error = error.getCause();
        }
        if (error instanceof HttpConnectTimeoutException) {
            return "could not connect within the connect timeout";
        }
        if (error instanceof HttpTimeoutException) {
            return "no answer within " + describe(requestTimeout);
        }
        if (error instanceof ConnectException) {
            return "could not connect (" + (error.getMessage() == null ? "refused" : error.getMessage()) + ")";
        }
        if (error instanceof IOException) {
            // For example a connection closed before or during the answer, or a TLS failure.
            return "connection failed: " + (error.getMessage() == null ? error.getClass().getSimpleName()
                    : error.getMessage());
        }
        return "delivery failed: " + error.getClass().getSimpleName();
    }

    private static String describe(Duration duration) {
        long millis = duration.toMillis();
        return millis % 1000 == 0 ? millis / 1000 + " s" : millis + " ms";
    }

    private static Duration since(long startNanos) {
        return Duration.ofNanos(System.nanoTime() - startNanos);
    }
}
