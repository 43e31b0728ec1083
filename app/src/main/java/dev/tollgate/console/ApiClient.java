package dev.tollgate.console;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import dev.tollgate.shared.auth.ApiKeyService;
import dev.tollgate.shared.auth.Caller;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;

/**
 * The console's way to Tollgate: its public REST API over loopback HTTP, with the signed-in person's API key, as any
 * SDK calls it. The API's scope checks decide what a person sees and may do; the console holds no domain logic. Calls
 * are asynchronous so that a page asks for everything it shows at once.
 */
@ApplicationScoped
public class ApiClient {

    /** Numbers stay exact: amounts and usage are shown as the API wrote them. */
    static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
            .executor(Executors.newCachedThreadPool(runnable -> {
                Thread thread = new Thread(runnable, "console-api");
                thread.setDaemon(true);
                return thread;
            })).build();
    private final ConsoleConfig config;
    private final ApiKeyService keys;
    private final ReportSnapshots snapshots;

    ApiClient(ConsoleConfig config, ApiKeyService keys, Clock clock) {
        this.config = config;
        this.keys = keys;
        this.snapshots = new ReportSnapshots(config.reportRefresh(), config.reportMaxAge(), config.reportSnapshots(),
                clock);
    }

    /** Calls with this key, at this base URL (the configured one, else where the page's request arrived). */
    public Calls as(String apiKey, String requestBase) {
        return new Calls(apiKey, config.apiUrl().orElse(requestBase).replaceAll("/+$", ""));
    }

    /** One signed-in person's calls. */
    public final class Calls {

        private final String key;
        private final String base;
        /** How long each call took, for the page's Server-Timing header. */
        private final java.util.Queue<String> timings = new java.util.concurrent.ConcurrentLinkedQueue<>();
        /** Whose key this is, asked once per page (a page may show a dozen reports and charts); null until asked. */
        private volatile Optional<String> caller;

        private Calls(String key, String base) {
            this.key = key;
            this.base = base;
        }

        public CompletableFuture<ApiAnswer> get(String path) {
            return send(path, request(path, "application/json").GET());
        }

        /**
         * A report over the whole namespace, from this key's recent snapshot when there is one
         * ({@link ReportSnapshots}). A key the API no longer takes gets the API's own refusal.
         */
        public CompletableFuture<ApiAnswer> report(String path) {
            Optional<String> caller = snapshots.enabled() ? caller() : Optional.empty();
            if (caller.isEmpty()) {
                return get(path);
            }
            // The snapshot is asked for with time to finish (a report over a large namespace may take longer than a
            // page waits); the page waits its usual time and, past it, says so, while the snapshot is still made.
            return snapshots.get(caller.get(), path, p -> send(p, request(p, "application/json",
                    config.reportTimeout()).GET())).copy().completeOnTimeout(ApiAnswer.failed(path,
                    "the report is still being computed; reload the page in a moment"),
                    config.apiTimeout().toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        }

        private Optional<String> caller() {
            Optional<String> known = caller;
            if (known == null) {
                try {
                    known = keys.authenticate(key).await().atMost(config.apiTimeout()).map(Caller::keyId);
                } catch (RuntimeException unknown) {
                    known = Optional.empty();
                }
                caller = known;
            }
            return known;
        }

        /** The raw answer, for downloads (CSV). */
        public CompletableFuture<HttpResponse<byte[]>> download(String path, String accept) {
            return http.sendAsync(request(path, accept).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        }

        public CompletableFuture<ApiAnswer> post(String path, Object body) {
            String json;
            try {
                json = body == null ? "" : JSON.writeValueAsString(body);
            } catch (IOException e) {
                throw new IllegalArgumentException(e);
            }
            HttpRequest.Builder request = request(path, "application/json");
            if (body != null) {
                request.header("Content-Type", "application/json");
            }
            // After a change (an invoice approved, a plan archived) this key's report figures are asked for anew.
            return send(path, request.POST(HttpRequest.BodyPublishers.ofString(json))).thenApply(answer -> {
                caller().ifPresent(snapshots::forget);
                return answer;
            });
        }

        private HttpRequest.Builder request(String path, String accept) {
            return request(path, accept, config.apiTimeout());
        }

        private HttpRequest.Builder request(String path, String accept, Duration timeout) {
            return HttpRequest.newBuilder(URI.create(base + path)).timeout(timeout)
                    .header("Authorization", "Bearer " + key).header("Accept", accept);
        }

        /** Each call's path (without its query) and duration: {@code desc="/api/v1/meters";dur=3.1}. */
        public java.util.List<String> timings() {
            return java.util.List.copyOf(timings);
        }

        private CompletableFuture<ApiAnswer> send(String path, HttpRequest.Builder request) {
            long started = System.nanoTime();
            return http.sendAsync(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8))
                    .thenApply(response -> {
                        timings.add(String.format(java.util.Locale.ROOT, "desc=\"%s\";dur=%.1f",
                                path.replaceAll("[?].*", "").replace("\"", ""), (System.nanoTime() - started) / 1e6));
                        return answer(path, response);
                    })
                    .exceptionally(e -> ApiAnswer.failed(path, e.getCause() == null ? e.toString()
                            : e.getCause().getClass().getSimpleName()));
        }
    }

    private static ApiAnswer answer(String path, HttpResponse<String> response) {
        String type = response.headers().firstValue("Content-Type").orElse("");
        JsonNode json = MissingNode.getInstance();
        if (type.contains("json") && !response.body().isEmpty()) {
            try {
                json = JSON.readTree(response.body());
            } catch (IOException e) {
                json = MissingNode.getInstance();
            }
        }
        return new ApiAnswer(path, response.statusCode(), json, response.body(), type);
    }

    /** A path with its query: blank values are left out, every value is %-encoded. */
    public static String path(String path, Map<String, ?> query) {
        String encoded = query.entrySet().stream().flatMap(entry -> values(entry.getValue()).stream()
                        .filter(v -> v != null && !v.isBlank())
                        .map(v -> encode(entry.getKey()) + "=" + encode(v)))
                .collect(Collectors.joining("&"));
        return encoded.isEmpty() ? path : path + "?" + encoded;
    }

    public static String segment(String value) {
        return encode(value).replace("+", "%20");
    }

    private static java.util.List<String> values(Object value) {
        if (value instanceof java.util.Collection<?> many) {
            return many.stream().map(v -> v == null ? null : v.toString()).toList();
        }
        return value == null ? java.util.List.of() : java.util.List.of(value.toString());
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
