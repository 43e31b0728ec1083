package dev.tollgate.app.it;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The packaged Tollgate app in its own JVM, so that tests can kill it the hard way (SIGKILL) and start it again, as a
 * crash in production would.
 */
final class AppProcess implements AutoCloseable {

    static final String ADMIN_KEY = "tg_it_admin_key_0123456789";
    /**
     * The secrets master key of every process the ITs start: they share the test database, and a channel or app sealed
     * by one process must open in the next.
     */
    static final String MASTER_KEY = "aXQtb25seS1tYXN0ZXIta2V5LWZvci1zdHJpcGUtISE=";
    /** The test databases, as in the %test profile (TOLLGATE_TEST_SUFFIX keeps a second checkout's apart). */
    static final String TEST_DATABASE = "tollgate_test" + System.getenv().getOrDefault("TOLLGATE_TEST_SUFFIX", "");

    private final Path jar;
    private final Map<String, String> settings;
    private final Path log;
    private final int port;
    private final int managementPort;
    private Process process;

    AppProcess(int port, Map<String, String> settings, Path log) throws IOException {
        this.jar = Path.of(System.getProperty("tollgate.app.jar", "target/quarkus-app/quarkus-run.jar"));
        this.port = port;
        this.managementPort = CrashRecoveryIT.freePort();
        this.settings = settings;
        this.log = log;
    }

    AppProcess start() throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(javaBinary(), "-Xmx384m"));
        command.add("-Dquarkus.http.port=" + port);
        command.add("-Dquarkus.management.port=" + managementPort);
        command.add("-Dtollgate.auth.bootstrap-admin-key=" + ADMIN_KEY);
        command.add("-Dquarkus.log.console.json.enabled=false");
        command.add("-Dquarkus.datasource.jdbc.url=" + pgUrl());
        command.add("-Dtollgate.clickhouse.database=" + TEST_DATABASE);
        // The packaged app runs the prod profile, which has no default password: the stack's, from its environment.
        command.add("-Dquarkus.datasource.password=" + pgPassword());
        command.add("-Dtollgate.clock.movable=true");
        // A run at another date shifts every app process by the same offset (scripts/test.sh, TOLLGATE_TEST_DATE).
        command.add("-Dtollgate.clock.offset=" + System.getProperty("tollgate.clock.offset", "PT0S"));
        settings.forEach((key, value) -> command.add("-D" + key + "=" + value));
        // Each test's archiver in a group of its own, beside its aggregator's, unless the test names one.
        String aggregatorGroup = settings.get("tollgate.aggregator.group-id");
        if (aggregatorGroup != null && !settings.containsKey("tollgate.archive.group-id")) {
            command.add("-Dtollgate.archive.group-id=" + aggregatorGroup + "-archive");
        }
        command.addAll(List.of("-jar", jar.toString()));
        process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        awaitHttp(Duration.ofSeconds(90));
        return this;
    }

    /** The test database the processes share. */
    static String pgUrl() {
        return System.getProperty("tollgate.it.pg-url", System.getenv().getOrDefault("TOLLGATE_PG_TEST_URL",
                "jdbc:postgresql://127.0.0.1:15432/" + TEST_DATABASE));
    }

    static String pgPassword() {
        return System.getenv().getOrDefault("TOLLGATE_PG_PASSWORD", "tollgate");
    }

    /** SIGKILL: no shutdown hooks, no flush, exactly like a crashed or OOM-killed pod. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    String baseUri() {
        return "http://127.0.0.1:" + port;
    }

    /** Health, metrics and OpenAPI: the management interface. */
    String managementUri() {
        return "http://127.0.0.1:" + managementPort;
    }

    /** GET on the management interface (/q/...), no key needed. */
    int managementGet(String path) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(managementUri() + path))
                .timeout(Duration.ofSeconds(10)).GET().build();
        return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    String managementBody(String path) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(managementUri() + path))
                .timeout(Duration.ofSeconds(10)).GET().build();
        return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString()).body();
    }

    /** The Kafka cluster of the stack the tests run on (scripts/stack.sh env). */
    static String kafkaBootstrap() {
        return System.getProperty("tollgate.it.kafka",
                System.getenv().getOrDefault("TOLLGATE_KAFKA_BOOTSTRAP", "127.0.0.1:19092"));
    }

    /** One number a ClickHouse query over the test database answers (the stack's, scripts/stack.sh env). */
    static long clickHouseNumber(String sql) throws IOException, InterruptedException {
        String url = System.getenv().getOrDefault("TOLLGATE_CLICKHOUSE_URL", "http://127.0.0.1:18123");
        return Long.parseLong(clickHouseAnswer(url + "/?database=" + TEST_DATABASE, sql));
    }

    /** What a ClickHouse server's HTTP interface at the URL answers to the query, trimmed; anything but 200 throws. */
    static String clickHouseAnswer(String url, String sql) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(30)).POST(HttpRequest.BodyPublishers.ofString(sql)).build();
        HttpResponse<String> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("ClickHouse answered " + response.statusCode() + ": " + response.body());
        }
        return response.body().trim();
    }

    /** The app's clock (movable in tests): what its events must be dated against. */
    Instant now() throws IOException, InterruptedException {
        String body = getBody("/api/v1/test/clock");
        return Instant.parse(new com.fasterxml.jackson.databind.ObjectMapper().readTree(body).path("now").asText());
    }

    /**
     * Waits until the aggregator has counted everything ingested so far: one sentinel per partition of the ingest
     * topic, posted now, each seen counted (partitions are written in offset order).
     */
    void awaitAggregator(int partitions) throws IOException, InterruptedException {
        String subject = "barrier-" + java.util.UUID.randomUUID();
        StringBuilder batch = new StringBuilder("[");
        String time = now().toString();
        for (int partition = 0; partition < partitions; partition++) {
            batch.append(partition == 0 ? "" : ",").append("{\"specversion\":\"1.0\",\"id\":\"")
                    .append(dev.tollgate.app.AggregatorBarrier.idOnPartition("default", partition, partitions))
                    .append("\",\"source\":\"").append(dev.tollgate.app.AggregatorBarrier.SOURCE)
                    .append("\",\"type\":\"api-request\",\"subject\":\"").append(subject)
                    .append("\",\"time\":\"").append(time).append("\",\"data\":{\"route\":\"/barrier\"}}");
        }
        HttpRequest post = HttpRequest.newBuilder(URI.create(baseUri() + "/api/v1/events"))
                .header("Authorization", "Bearer " + ADMIN_KEY).header("Content-Type", "application/cloudevents-batch+json")
                .timeout(Duration.ofSeconds(30)).POST(HttpRequest.BodyPublishers.ofString(batch.append("]").toString()))
                .build();
        int status = HttpClient.newHttpClient().send(post, HttpResponse.BodyHandlers.discarding()).statusCode();
        if (status != 204) {
            throw new IllegalStateException("sentinels refused with " + status);
        }
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(250))
                .until(() -> new com.fasterxml.jackson.databind.ObjectMapper().readTree(
                        getBody("/api/v1/meters/api_requests/query?subject=" + subject)).path("data").path(0)
                        .path("value").asInt() == partitions);
    }

    int get(String path) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUri() + path))
                .header("Authorization", "Bearer " + ADMIN_KEY).timeout(Duration.ofSeconds(10)).GET().build();
        return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    String getBody(String path) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUri() + path))
                .header("Authorization", "Bearer " + ADMIN_KEY).timeout(Duration.ofSeconds(10)).GET().build();
        return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString()).body();
    }

    /** A response header of a GET, or null. */
    String getHeader(String path, String header) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUri() + path))
                .header("Authorization", "Bearer " + ADMIN_KEY).timeout(Duration.ofSeconds(10)).GET().build();
        return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.discarding()).headers()
                .firstValue(header).orElse(null);
    }

    /** POSTs a JSON body and returns the status. */
    int postJson(String path, String json) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUri() + path))
                .header("Authorization", "Bearer " + ADMIN_KEY).header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(10)).POST(HttpRequest.BodyPublishers.ofString(json)).build();
        return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private void awaitHttp(Duration timeout) throws InterruptedException, IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Tollgate exited during start-up; see " + log);
            }
            try {
                if (managementGet("/q/health/live") == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // still starting
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException("Tollgate did not start within " + timeout + "; see " + log);
    }

    private static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
                kill();
            }
        }
    }

    static File repoRoot() {
        return new File(System.getProperty("tollgate.repo.root", ".."));
    }
}
