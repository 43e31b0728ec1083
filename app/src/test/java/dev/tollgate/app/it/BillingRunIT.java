package dev.tollgate.app.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The billing run's cluster-safety claims (docs/invoicing.md), with real processes on one PostgreSQL, ClickHouse and
 * Kafka: two processes running the scheduled job at once invoice every customer's period exactly once and number the
 * invoices without gaps; and a process killed with SIGKILL in the middle of a run leaves nothing half done, so that
 * the next run finishes the rest, again exactly once and without gaps.
 *
 * <p>Each group of customers is billed under a billing profile of its own: the profile's number sequence is then the
 * group's alone, so "1..N without a gap" can be checked exactly although runs of the test share the database.
 */
class BillingRunIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
            // HTTP/1.1: the app answered the client's HTTP/2 upgrade with GOAWAY under load.
            .version(HttpClient.Version.HTTP_1_1).build();
    private static final Pattern NUMBER = Pattern.compile("INV-(\\d{4})-(\\d{6})");
    private static final BigDecimal FEE = new BigDecimal("10");
    private static final BigDecimal UNIT = new BigDecimal("0.5");
    /** The default profile waits PT1H for late usage after a line falls due; an hour more and it is due. */
    static final Duration AFTER_COLLECTION = Duration.ofHours(2);
    private static final List<String> NOT_GATHERING = List.of("draft", "issued", "payment_processing", "paid",
            "overdue", "voided", "uncollectible");

    /**
     * One pair of processes for both claims, since each start costs a quarter of a minute on a small machine. Two
     * groups of customers, each under a profile of its own, start a day apart, so that each group's period ends at a
     * stop of the clocks of its own: the first group's with both processes running, the second's with process A
     * killed midway.
     */
    @Test
    void billingRunsInTwoProcessesAndAKilledOneInvoiceEachPeriodOnce() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        Map<String, String> settings = settings(run);
        Path log = Files.createTempFile("tollgate-billing-it-", ".log");
        try (AppProcess a = new AppProcess(CrashRecoveryIT.freePort(), settings, log).start();
                AppProcess b = new AppProcess(CrashRecoveryIT.freePort(), settings, log).start()) {
            Instant start = a.now().truncatedTo(ChronoUnit.DAYS).plus(Duration.ofDays(2));
            Setup together = setUp(a, run + "_a", 150, start);
            Setup killed = setUp(a, run + "_b", 300, start.plus(Duration.ofDays(1)));

            // An hour into the second group's first period, both groups' in-advance fees are due: both schedules
            // race each other for every subscription's first sync and every customer's first invoice. The usage
            // is dated in each group's first hour: a day old at most, well inside the lateness window.
            setClocks(killed.start().plus(Duration.ofHours(1)), a, b);
            postUsage(List.of(together, killed), a, b);
            awaitInvoices(a, together, together.customers().size());
            awaitInvoices(a, killed, killed.customers().size());

            bothProcessesCloseThePeriodOnce(together, a, b);
            aRunKilledMidwayIsFinishedByTheOtherProcess(killed, a, b);
            // The first group's next period is not due yet: nothing since touched its invoices.
            assertBilledOnce(together, invoices(b, together));
        }
    }

    /**
     * At the first group's period end, both schedules race each other again, for every subscription's second
     * period and every customer's closing invoice.
     */
    private static void bothProcessesCloseThePeriodOnce(Setup setup, AppProcess a, AppProcess b) throws Exception {
        setClocks(plusMonths(setup.start(), 1).plus(AFTER_COLLECTION), a, b);
        awaitInvoices(a, setup, 2 * setup.customers().size());
        // A few more runs of each process: a duplicate made late would show now.
        Thread.sleep(3_000);
        assertBilledOnce(setup, invoices(b, setup));
    }

    /**
     * At the second group's period end, process A is killed once some customers have their closing invoice and
     * most not yet: its transactions under way roll back and free their locks, and B, whose runs skipped what A
     * held, must invoice the rest, once.
     */
    private static void aRunKilledMidwayIsFinishedByTheOtherProcess(Setup setup, AppProcess a, AppProcess b)
            throws Exception {
        int n = setup.customers().size();
        setClocks(plusMonths(setup.start(), 1).plus(AFTER_COLLECTION), a, b);
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50))
                .until(() -> invoiceCount(a, setup) >= n + n / 10);
        int beforeKill = invoiceCount(a, setup);
        a.kill();
        // Far from done: A was still running (its three threads collect 25 customers a transaction).
        assertThat(beforeKill).as("invoices when A was killed").isLessThan(2 * n - 10);

        awaitInvoices(b, setup, 2 * n);
        Thread.sleep(3_000);
        assertBilledOnce(setup, invoices(b, setup));
    }

    /**
     * A subscription that changes while a run collects its customer's invoice: another run turns the change into
     * lines at the same time. The collecting run is held, as a busy profile's number sequence holds it, after it has
     * moved the due lines onto the new invoice and before it commits (the test takes the sequence's row lock, as
     * another issuing transaction would), while the second run syncs the changed subscription; then both go on.
     * Each period must still be billed once, and each invoice keep the lines it was issued with.
     */
    @Test
    void aSubscriptionChangedWhileARunCollectsItIsStillBilledOnce() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        Map<String, String> settings = new HashMap<>(settings(run));
        // No schedule: the test starts each run itself, to put them where it wants them.
        settings.put("tollgate.billing.run-every", "off");
        Path log = Files.createTempFile("tollgate-billing-race-it-", ".log");
        try (AppProcess app = new AppProcess(CrashRecoveryIT.freePort(), settings, log).start();
                Connection lock = database(); Connection watch = database()) {
            Instant start = app.now().truncatedTo(ChronoUnit.DAYS).plus(Duration.ofDays(2));
            // Three customers, all collected at once (in one chunk, or on the run's three threads).
            Setup setup = setUp(app, run, 3, start);
            setClocks(start.plus(Duration.ofHours(1)), app);
            send(app, "POST", "/api/v1/billing/runs", null, 200);
            postUsage(List.of(setup), app);
            Instant end = plusMonths(start, 1).plus(AFTER_COLLECTION);
            setClocks(end, app);

            lock.setAutoCommit(false);
            holdNumberSequence(lock, setup.profileId(), end.atZone(ZoneOffset.UTC).getYear());
            CompletableFuture<JsonNode> collecting = runInBackground(app);
            // A run collects its customers in chunks and numbers a chunk's invoices last, in one statement: the
            // three customers' invoices are made, their gathering invoices locked, and the run waits for numbers.
            awaitLockWaits(watch, "invoice_number_sequences", true, 1);
            for (Customer customer : setup.customers()) {
                send(app, "POST", "/api/v1/subscriptions/" + customer.subscriptionId() + "/cancel",
                        Map.of("timing", "next_billing_cycle"), 200);
            }
            CompletableFuture<JsonNode> syncing = runInBackground(app);
            // The second run's syncs are stuck behind the first run's collections (on what, and in how many
            // statements, depends on the code: a run syncs several subscriptions in one transaction).
            awaitLockWaits(watch, "invoice_number_sequences", false, 1);
            lock.commit();
            collecting.get(60, TimeUnit.SECONDS);
            syncing.get(60, TimeUnit.SECONDS);
            // One more run, as the schedule would make: whatever went back to gathering is invoiced again now.
            send(app, "POST", "/api/v1/billing/runs", null, 200);

            // Cancelled at the end of the second period: the first two invoices are all there is to bill so far.
            assertBilledOnce(setup, invoices(app, setup));
        }
    }

    /** A connection to the database the processes share, to hold and watch their locks. */
    private static Connection database() throws SQLException {
        return DriverManager.getConnection(AppProcess.pgUrl(),
                System.getenv().getOrDefault("TOLLGATE_PG_USER", "tollgate"), AppProcess.pgPassword());
    }

    /**
     * Takes the row lock of the profile's number sequence for the year until the connection's transaction ends, as
     * an issuing transaction does; the row is made (at 0, so the next number is still 1) when the year has none.
     */
    private static void holdNumberSequence(Connection connection, String profileId, int year)
            throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("INSERT INTO invoice_number_sequences"
                + " (profile_id, year, last_number) VALUES (?, ?, 0) ON CONFLICT (profile_id, year)"
                + " DO UPDATE SET last_number = invoice_number_sequences.last_number")) {
            statement.setString(1, profileId);
            statement.setInt(2, year);
            statement.executeUpdate();
        }
    }

    /** Waits until this many of the app's statements wait for a lock, on (or, if not, other than) the table. */
    private static void awaitLockWaits(Connection watch, String table, boolean on, int count) {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50)).until(() -> {
            try (PreparedStatement statement = watch.prepareStatement("SELECT count(*) FROM pg_stat_activity WHERE"
                    + " wait_event_type = 'Lock' AND pid <> pg_backend_pid() AND (position(? in query) > 0) = ?")) {
                statement.setString(1, table);
                statement.setBoolean(2, on);
                try (ResultSet result = statement.executeQuery()) {
                    result.next();
                    return result.getInt(1) >= count;
                }
            }
        });
    }

    private static CompletableFuture<JsonNode> runInBackground(AppProcess app) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return send(app, "POST", "/api/v1/billing/runs", null, 200);
            } catch (IOException | InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    /** A group of customers: the profile billing them, their meter and feature, and when they start. */
    record Setup(String profileId, String meter, String feature, Instant start, List<Customer> customers) {
    }

    /** A customer, its one subject, and how many usage events the subject sends in the first period. */
    record Customer(String id, String subject, int events, String subscriptionId) {
    }

    static Map<String, String> settings(String run) {
        return Map.of(
                "tollgate.ingest.topic", "it-billing-" + run,
                "tollgate.aggregator.group-id", "it-billing-" + run,
                "tollgate.aggregator.flush-interval", "100ms",
                // The test's meter is made while the app runs: the aggregator must know it before its events come.
                "tollgate.aggregator.meter-refresh-interval", "1s",
                "tollgate.billing.run-every", "1s",
                "mp.messaging.incoming.events-in.session.timeout.ms", "6000",
                "mp.messaging.incoming.events-in.heartbeat.interval.ms", "2000");
    }

    /**
     * A COUNT meter, its feature, a published plan (10 USD a month in advance, 0.5 USD a counted event in arrears),
     * a billing profile of the test's own, and the customers, each on the profile and subscribed from a midnight
     * that the clock has not reached.
     */
    static Setup setUp(AppProcess app, String run, int count, Instant start) throws Exception {
        String meter = "it_billing_" + run;
        send(app, "POST", "/api/v1/meters", Map.of("slug", meter, "aggregation", "COUNT",
                "eventType", "usage-" + meter), 201);
        String feature = "f_" + meter;
        send(app, "POST", "/api/v1/features", Map.of("key", feature, "name", "Feature " + run, "meterSlug", meter),
                201);
        Map<String, Object> phase = new HashMap<>();
        phase.put("key", "main");
        phase.put("name", "Main");
        phase.put("duration", null);
        phase.put("rateCards", List.of(
                Map.of("type", "flat_fee", "key", "platform", "name", "Platform", "billingCadence", "P1M",
                        "price", Map.of("type", "flat", "amount", FEE.toPlainString(), "paymentTerm", "in_advance")),
                Map.of("type", "usage_based", "key", feature, "name", "Usage", "featureKey", feature,
                        "billingCadence", "P1M", "price", Map.of("type", "unit", "amount", UNIT.toPlainString()))));
        String planKey = "plan_" + meter;
        String planId = send(app, "POST", "/api/v1/plans", Map.of("key", planKey, "name", "Plan " + run,
                "currency", "USD", "billingCadence", "P1M", "phases", List.of(phase)), 201).path("id").asText();
        send(app, "POST", "/api/v1/plans/" + planId + "/publish", null, 200);
        String profileId = send(app, "POST", "/api/v1/billing/profiles", Map.of("name", "Billing IT " + run,
                "supplier", Map.of("name", "Tollgate IT"), "default", false), 201).path("id").asText();

        // Four clients at once: the app's threads, not the test's, should be what bounds the set-up.
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Customer>> made = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                int index = i;
                made.add(pool.submit(() -> customer(app, run, index, profileId, planKey, start)));
            }
            List<Customer> customers = new ArrayList<>();
            for (Future<Customer> customer : made) {
                customers.add(customer.get());
            }
            return new Setup(profileId, meter, feature, start, List.copyOf(customers));
        } finally {
            pool.shutdownNow();
        }
    }

    private static Customer customer(AppProcess app, String run, int index, String profileId, String planKey,
            Instant start) throws IOException, InterruptedException {
        String subject = "billing-it-" + run + "-" + index;
        String id = send(app, "POST", "/api/v1/customers", Map.of("key", subject, "name", "Customer " + index,
                "usageAttribution", Map.of("subjectKeys", List.of(subject))), 201).path("id").asText();
        send(app, "PUT", "/api/v1/billing/customers/" + id, Map.of("billingProfileId", profileId), 200);
        String subscription = send(app, "POST", "/api/v1/subscriptions", Map.of("customerId", id,
                "plan", Map.of("key", planKey), "timing", start.toString()), 201).path("id").asText();
        return new Customer(id, subject, 1 + index % 5, subscription);
    }

    /** Sets every process's clock to the instant: each has its own. */
    static void setClocks(Instant to, AppProcess... apps) throws IOException, InterruptedException {
        for (AppProcess app : apps) {
            send(app, "PUT", "/api/v1/test/clock", Map.of("now", to.toString()), 200);
        }
    }

    /**
     * Posts each subject's events, dated in the first hour of its group's first period, through the processes in
     * turn, and waits until each group's meter has counted them all.
     */
    static void postUsage(List<Setup> setups, AppProcess... apps) throws Exception {
        int posted = 0;
        for (Setup setup : setups) {
            ArrayNode batch = JSON.createArrayNode();
            int total = 0;
            for (Customer customer : setup.customers()) {
                for (int j = 0; j < customer.events(); j++) {
                    ObjectNode event = batch.addObject().put("specversion", "1.0")
                            .put("id", UUID.randomUUID().toString()).put("source", "billing-it")
                            .put("type", "usage-" + setup.meter()).put("subject", customer.subject())
                            .put("time", setup.start().plusSeconds(60L * (j + 1) + total % 60).toString());
                    event.putObject("data").put("n", j);
                    total++;
                }
                if (batch.size() >= 400) {
                    postEvents(apps[posted++ % apps.length], batch);
                    batch = JSON.createArrayNode();
                }
            }
            if (!batch.isEmpty()) {
                postEvents(apps[posted++ % apps.length], batch);
            }
            int expected = total;
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).until(() -> {
                JsonNode data = send(apps[0], "GET", "/api/v1/meters/" + setup.meter() + "/query", null, 200)
                        .path("data");
                return data.size() == 1 && data.get(0).path("value").asInt() == expected;
            });
        }
    }

    static void postEvents(AppProcess app, ArrayNode batch) throws IOException, InterruptedException {
        HttpRequest post = HttpRequest.newBuilder(URI.create(app.baseUri() + "/api/v1/events"))
                .header("Authorization", "Bearer " + AppProcess.ADMIN_KEY)
                .header("Content-Type", "application/cloudevents-batch+json").timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString(batch.toString())).build();
        HttpResponse<String> response = HTTP.send(post, HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(204);
    }

    /** Waits until the test's customers have at least this many invoices that are not gathering. */
    static void awaitInvoices(AppProcess app, Setup setup, int atLeast) {
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250))
                .until(() -> invoiceCount(app, setup) >= atLeast);
    }

    private static int invoiceCount(AppProcess app, Setup setup) throws IOException, InterruptedException {
        int count = 0;
        for (List<Customer> chunk : chunks(setup)) {
            count += send(app, "GET", invoicesPath(chunk, 1, 1, false), null, 200).path("totalCount").asInt();
        }
        return count;
    }

    /** Every invoice of the test's customers that is not gathering, with lines, page by page. */
    static List<JsonNode> invoices(AppProcess app, Setup setup) throws IOException, InterruptedException {
        List<JsonNode> all = new ArrayList<>();
        for (List<Customer> chunk : chunks(setup)) {
            int ofChunk = 0;
            for (int page = 1; ; page++) {
                JsonNode found = send(app, "GET", invoicesPath(chunk, page, 500, true), null, 200);
                found.path("items").forEach(all::add);
                ofChunk += found.path("items").size();
                if (ofChunk >= found.path("totalCount").asInt() || found.path("items").isEmpty()) {
                    break;
                }
            }
        }
        return all;
    }

    /** The customers a list's filter can name within the app's limit on a URI's length (8192). */
    private static List<List<Customer>> chunks(Setup setup) {
        List<List<Customer>> chunks = new ArrayList<>();
        for (int i = 0; i < setup.customers().size(); i += 150) {
            chunks.add(setup.customers().subList(i, Math.min(i + 150, setup.customers().size())));
        }
        return chunks;
    }

    private static String invoicesPath(List<Customer> customers, int page, int pageSize, boolean lines) {
        StringBuilder path = new StringBuilder("/api/v1/billing/invoices?page=" + page + "&pageSize=" + pageSize
                + "&orderBy=createdAt");
        if (lines) {
            path.append("&expand=lines");
        }
        NOT_GATHERING.forEach(status -> path.append("&statuses=").append(status));
        customers.forEach(customer -> path.append("&customers=").append(customer.id()));
        return path.toString();
    }

    /**
     * Exactly once: each customer has one invoice with its first period's fee and one with that period's usage and
     * the second period's fee, both issued, with the right totals; no line is on two invoices; and the profile's
     * numbers are each used once, 1..N for each year without a gap.
     */
    static void assertBilledOnce(Setup setup, List<JsonNode> invoices) {
        Instant second = plusMonths(setup.start(), 1);
        Map<String, List<JsonNode>> byCustomer = new HashMap<>();
        Set<String> lineIds = new HashSet<>();
        List<String> duplicateLines = new ArrayList<>();
        Map<Integer, List<Integer>> numbersByYear = new TreeMap<>();
        Map<JsonNode, BigDecimal> totals = new IdentityHashMap<>();
        for (JsonNode invoice : invoices) {
            byCustomer.computeIfAbsent(invoice.path("customer").path("id").asText(), k -> new ArrayList<>())
                    .add(invoice);
            // Issued and handed to payment; the first invoices are past their 30 days by the time of the checks.
            assertThat(invoice.path("status").asText()).as("status of %s", invoice.path("id"))
                    .isIn("payment_processing", "overdue");
            assertThat(invoice.path("workflow").path("sourceBillingProfileId").asText()).isEqualTo(setup.profileId());
            Matcher number = NUMBER.matcher(invoice.path("number").asText());
            assertThat(number.matches()).as("number %s", invoice.path("number")).isTrue();
            numbersByYear.computeIfAbsent(Integer.parseInt(number.group(1)), y -> new ArrayList<>())
                    .add(Integer.parseInt(number.group(2)));
            BigDecimal ofLines = BigDecimal.ZERO;
            for (JsonNode line : invoice.path("lines")) {
                if (!lineIds.add(line.path("id").asText())) {
                    duplicateLines.add(line.path("id").asText());
                }
                ofLines = ofLines.add(money(line.path("totals").path("total")));
            }
            totals.put(invoice, ofLines);
        }
        // Each customer first: a period billed twice shows here with the invoices involved.
        for (Customer customer : setup.customers()) {
            assertThat(byCustomer.getOrDefault(customer.id(), List.of()).stream().map(BillingRunIT::summary))
                    .as("invoices of customer %s", customer.id()).hasSize(2);
        }
        // An issued invoice keeps the lines it was issued with.
        totals.forEach((invoice, ofLines) -> assertThat(ofLines).as("what the lines of %s add up to",
                summary(invoice)).isEqualByComparingTo(money(invoice.path("totals").path("total"))));
        assertThat(duplicateLines).as("lines on two invoices").isEmpty();
        numbersByYear.forEach((year, numbers) -> {
            numbers.sort(null);
            List<Integer> gapless = new ArrayList<>();
            for (int i = 1; i <= numbers.size(); i++) {
                gapless.add(i);
            }
            assertThat(numbers).as("the profile's numbers of %d", year).isEqualTo(gapless);
        });

        for (Customer customer : setup.customers()) {
            List<JsonNode> ofCustomer = byCustomer.get(customer.id());
            JsonNode fee = ofCustomer.stream().filter(i -> i.path("lines").size() == 1).findFirst().orElseThrow(
                    () -> new AssertionError("no invoice of the first fee alone for " + customer.id()));
            assertThat(money(fee.path("totals").path("total"))).isEqualByComparingTo(FEE);
            assertThat(Instant.parse(fee.path("lines").get(0).path("period").path("from").asText()))
                    .isEqualTo(setup.start());

            JsonNode closing = ofCustomer.get(ofCustomer.get(0) == fee ? 1 : 0);
            BigDecimal usage = UNIT.multiply(BigDecimal.valueOf(customer.events()));
            JsonNode usageLine = null;
            JsonNode nextFee = null;
            for (JsonNode line : closing.path("lines")) {
                if (setup.feature().equals(line.path("featureKey").asText())) {
                    usageLine = line;
                } else {
                    nextFee = line;
                }
            }
            assertThat(closing.path("lines").size()).as("lines of %s", closing.path("id")).isEqualTo(2);
            assertThat(usageLine).as("usage line of %s", closing.path("id")).isNotNull();
            assertThat(nextFee).as("second fee of %s", closing.path("id")).isNotNull();
            assertThat(money(usageLine.path("quantity"))).isEqualByComparingTo(BigDecimal.valueOf(customer.events()));
            assertThat(money(usageLine.path("totals").path("total"))).isEqualByComparingTo(usage);
            assertThat(Instant.parse(usageLine.path("period").path("from").asText())).isEqualTo(setup.start());
            assertThat(Instant.parse(nextFee.path("period").path("from").asText())).isEqualTo(second);
            assertThat(money(closing.path("totals").path("total"))).isEqualByComparingTo(FEE.add(usage));
        }
    }

    /** An invoice in a line: number, total and line ids, for messages. */
    private static String summary(JsonNode invoice) {
        List<String> lines = new ArrayList<>();
        invoice.path("lines").forEach(line -> lines.add(line.path("id").asText()));
        return invoice.path("number").asText() + " (" + invoice.path("id").asText() + ") total "
                + invoice.path("totals").path("total").asText() + " lines " + lines;
    }

    private static BigDecimal money(JsonNode decimal) {
        return new BigDecimal(decimal.asText());
    }

    static Instant plusMonths(Instant instant, int months) {
        return instant.atZone(ZoneOffset.UTC).plusMonths(months).toInstant();
    }

    /** JSON in and out, with the admin key; fails on any other status than the one expected. */
    static JsonNode send(AppProcess app, String method, String path, Object body, int expected)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(app.baseUri() + path))
                .header("Authorization", "Bearer " + AppProcess.ADMIN_KEY).timeout(Duration.ofSeconds(120));
        if (body == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
        }
        HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("%s %s: %s", method, path.substring(0, Math.min(path.length(), 80)),
                response.body()).isEqualTo(expected);
        return response.body().isEmpty() ? JSON.createObjectNode() : JSON.readTree(response.body());
    }
}
