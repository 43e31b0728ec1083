package dev.tollgate.app;

import static dev.tollgate.app.TestApi.CLOUDEVENT_BATCH;
import static dev.tollgate.app.TestApi.admin;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Random event streams through the real path (HTTP, Kafka, aggregator, ClickHouse) against an independent in-memory
 * computation: every aggregation, every window size, several time zones (with DST changes and half-hour offsets),
 * random ranges and filters; numeric strings, invalid values, out-of-order and late events, and duplicates. Half the
 * meters fold live, the other half are created afterwards and backfilled from the raw event store.
 *
 * <p>A failure names its seed; run again with {@code -Dtollgate.property.seed=<seed>} to replay it.
 */
@QuarkusTest
class MeterPropertyTest {

    private static final List<String> AGGREGATIONS = List.of("SUM", "COUNT", "UNIQUE_COUNT", "AVG", "MIN", "MAX",
            "LATEST");
    private static final List<ZoneId> ZONES = List.of(ZoneId.of("UTC"), ZoneId.of("America/New_York"),
            ZoneId.of("Asia/Kolkata"), ZoneId.of("Australia/Adelaide"), ZoneId.of("Europe/Berlin"));
    private static final List<String> WINDOWS = java.util.Arrays.asList(null, "MINUTE", "HOUR", "DAY", "MONTH");
    /**
     * February 26th (UTC) of a year chosen by {@link #moveTheClockToSpanFebruary}: the events' 18 days then span a
     * month end and New York's change to summer time (the second Sunday of March, the 8th to the 14th).
     */
    private static Instant START;
    private static final long SPAN_MILLIS = Duration.ofDays(18).toMillis();
    private static final int EVENTS = 300;
    private static final int QUERIES = 60;
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    /** One accepted event, as the model sees it. */
    record Sent(String id, String subject, String group, Instant time, Object value, String user) {

        BigDecimal number() {
            if (value instanceof Number n) {
                return new BigDecimal(n.toString());
            }
            if (value instanceof String s) {
                try {
                    return new BigDecimal(s.trim());
                } catch (NumberFormatException e) {
                    return null;
                }
            }
            return null;
        }
    }

    /**
     * Sets {@link #START} to a February 26th that the app's clock is 19 to 31 days past, so that every event lies in
     * the past and within the lateness window: this year's if the clock can get there by moving forward, else next
     * year's.
     */
    private static void moveTheClockToSpanFebruary() {
        Instant now = TestTime.now();
        int year = LocalDate.ofInstant(now, ZoneOffset.UTC).getYear();
        Instant start = LocalDate.of(year, 2, 26).atStartOfDay(ZoneOffset.UTC).toInstant();
        if (now.isAfter(start.plus(Duration.ofDays(31)))) {
            start = LocalDate.of(year + 1, 2, 26).atStartOfDay(ZoneOffset.UTC).toInstant();
        }
        TestTime.advanceTo(start.plus(Duration.ofDays(19)));
        START = start;
    }

    @Test
    void everyAggregationMatchesAnIndependentComputation() {
        moveTheClockToSpanFebruary();
        long seed = Long.getLong("tollgate.property.seed", System.nanoTime());
        Random random = new Random(seed);
        String run = UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        String type = "property-" + run;
        Map<String, String> live = createMeters(type, "live_" + run);

        List<Sent> sent = ingest(random, type, run);
        awaitTotal(live.get("COUNT"), EVENTS, seed);
        Map<String, String> backfilled = createMeters(type, "later_" + run);
        backfilled.values().forEach(slug -> awaitBackfill(slug, seed));

        List<String> subjects = sent.stream().map(Sent::subject).distinct().sorted().toList();
        for (int q = 0; q < QUERIES; q++) {
            Query query = Query.random(random, subjects);
            for (String aggregation : AGGREGATIONS) {
                Map<String, BigDecimal> expected = expected(sent, aggregation, query);
                for (String slug : List.of(live.get(aggregation), backfilled.get(aggregation))) {
                    assertThat(actual(slug, query)).as("seed %d, %s meter %s, query %s", seed, aggregation, slug,
                            query.params()).isEqualTo(expected);
                }
            }
        }
    }

    private static Map<String, String> createMeters(String type, String prefix) {
        Map<String, String> slugs = new LinkedHashMap<>();
        for (String aggregation : AGGREGATIONS) {
            String slug = prefix + "_" + aggregation.toLowerCase();
            Map<String, Object> meter = new LinkedHashMap<>();
            meter.put("slug", slug);
            meter.put("aggregation", aggregation);
            meter.put("eventType", type);
            if (!aggregation.equals("COUNT")) {
                meter.put("valueProperty", aggregation.equals("UNIQUE_COUNT") ? "$.user" : "$.v");
            }
            meter.put("groupBy", Map.of("g", "$.g"));
            admin().contentType(ContentType.JSON).body(meter).post("/api/v1/meters").then().statusCode(201);
            slugs.put(aggregation, slug);
        }
        return slugs;
    }

    /** Sends the events in random batches and order, with duplicates of earlier events (whose first copy counts). */
    private static List<Sent> ingest(Random random, String type, String run) {
        List<String> subjects = List.of("alice-" + run, "bob-" + run, "carol-" + run, "dave-" + run);
        Set<Long> usedMillis = new HashSet<>();
        List<Sent> events = new ArrayList<>();
        while (events.size() < EVENTS) {
            long offset = (long) (random.nextDouble() * SPAN_MILLIS);
            if (!usedMillis.add(offset)) {
                continue; // LATEST needs a single latest event
            }
            events.add(new Sent(UUID.randomUUID().toString(), subjects.get(random.nextInt(subjects.size())),
                    random.nextInt(10) == 0 ? null : List.of("a", "b", "c").get(random.nextInt(3)),
                    START.plusMillis(offset), value(random),
                    random.nextInt(10) == 0 ? null : "user-" + random.nextInt(12)));
        }
        List<Sent> shuffled = new ArrayList<>(events);
        Collections.shuffle(shuffled, random);
        List<Sent> acknowledged = new ArrayList<>();
        int next = 0;
        while (next < shuffled.size()) {
            int size = 1 + random.nextInt(40);
            List<Map<String, Object>> batch = new ArrayList<>();
            for (Sent e : shuffled.subList(next, Math.min(next + size, shuffled.size()))) {
                batch.add(cloudEvent(type, e, e.value()));
            }
            // Retries and replays of events already accepted, some with a different value: the first copy counts.
            for (int d = 0; d < 3 && !acknowledged.isEmpty(); d++) {
                Sent again = acknowledged.get(random.nextInt(acknowledged.size()));
                batch.add(cloudEvent(type, again, random.nextBoolean() ? again.value() : 999_999));
            }
            admin().contentType(CLOUDEVENT_BATCH).body(batch).post("/api/v1/events").then().statusCode(204);
            acknowledged.addAll(shuffled.subList(next, Math.min(next + size, shuffled.size())));
            next += size;
            if (random.nextInt(4) == 0) {
                pause(); // lets the aggregator write, so later events fold into windows already stored
            }
        }
        return events;
    }

    private static Object value(Random random) {
        int kind = random.nextInt(20);
        BigDecimal number = BigDecimal.valueOf(random.nextInt(200_000) - 20_000, random.nextInt(4));
        if (kind < 13) {
            return random.nextBoolean() ? number : number.setScale(0, RoundingMode.DOWN).intValue();
        }
        if (kind < 16) {
            return number.toPlainString(); // numeric strings count as numbers
        }
        return kind < 18 ? null : "lots";
    }

    private static Map<String, Object> cloudEvent(String type, Sent e, Object value) {
        Map<String, Object> data = new HashMap<>();
        if (e.group() != null) {
            data.put("g", e.group());
        }
        if (value != null) {
            data.put("v", value);
        }
        if (e.user() != null) {
            data.put("user", e.user());
        }
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("specversion", "1.0");
        event.put("id", e.id());
        event.put("source", "property-test");
        event.put("type", type);
        event.put("subject", e.subject());
        event.put("time", e.time().toString());
        event.put("data", data);
        return event;
    }

    /** A random query: range, window size, zone, grouping and filters. */
    record Query(Instant from, Instant to, String windowSize, ZoneId zone, List<String> groupBy,
            List<String> subjects, String group) {

        static Query random(Random random, List<String> allSubjects) {
            Instant from = random.nextInt(4) == 0 ? null : minute(random);
            Instant to = random.nextInt(4) == 0 ? null : minute(random);
            if (from != null && to != null && !from.isBefore(to)) {
                Instant swap = from;
                from = to.equals(from) ? null : to;
                to = swap;
            }
            List<String> groupBy = new ArrayList<>();
            if (random.nextBoolean()) {
                groupBy.add("subject");
            }
            if (random.nextBoolean()) {
                groupBy.add("g");
            }
            List<String> subjects = random.nextInt(3) == 0
                    ? List.of(allSubjects.get(random.nextInt(allSubjects.size()))) : List.of();
            String group = random.nextInt(4) == 0 ? List.of("a", "b").get(random.nextInt(2)) : null;
            return new Query(from, to, WINDOWS.get(random.nextInt(WINDOWS.size())),
                    ZONES.get(random.nextInt(ZONES.size())), groupBy, subjects, group);
        }

        /** A whole minute around the events; often a whole UTC hour or day, where stored hours and days start. */
        private static Instant minute(Random random) {
            long minutes = SPAN_MILLIS / 60_000 + 2 * 24 * 60;
            Instant minute = START.minus(Duration.ofDays(1))
                    .plus(Duration.ofMinutes((long) (random.nextDouble() * minutes)));
            return switch (random.nextInt(3)) {
                case 0 -> minute.truncatedTo(ChronoUnit.HOURS);
                case 1 -> minute.truncatedTo(ChronoUnit.DAYS);
                default -> minute;
            };
        }

        boolean bySubject() {
            return groupBy.contains("subject") || !subjects.isEmpty();
        }

        boolean byGroup() {
            return groupBy.contains("g");
        }

        String params() {
            List<String> params = new ArrayList<>();
            if (from != null) {
                params.add("from=" + from);
            }
            if (to != null) {
                params.add("to=" + to);
            }
            if (windowSize != null) {
                params.add("windowSize=" + windowSize);
            }
            params.add("windowTimeZone=" + zone.getId());
            groupBy.forEach(g -> params.add("groupBy=" + g));
            subjects.forEach(s -> params.add("subject=" + s));
            if (group != null) {
                params.add("filterGroupBy[g]=" + group);
            }
            return String.join("&", params);
        }

        /** The window an event time falls in, as [start, end). */
        Instant[] window(Instant time) {
            ZonedDateTime local = time.truncatedTo(ChronoUnit.MINUTES).atZone(zone);
            ZonedDateTime start = switch (windowSize) {
                case "MINUTE" -> local;
                case "HOUR" -> local.truncatedTo(ChronoUnit.HOURS);
                case "DAY" -> local.toLocalDate().atStartOfDay(zone);
                case "MONTH" -> local.toLocalDate().withDayOfMonth(1).atStartOfDay(zone);
                default -> throw new IllegalStateException(windowSize);
            };
            ZonedDateTime end = switch (windowSize) {
                case "MINUTE" -> start.plusMinutes(1);
                case "HOUR" -> start.plusHours(1);
                case "DAY" -> start.toLocalDate().plusDays(1).atStartOfDay(zone);
                default -> start.toLocalDate().plusMonths(1).atStartOfDay(zone);
            };
            return new Instant[] {start.toInstant(), end.toInstant()};
        }
    }

    /** The model: row key (window, subject, group) to value, computed without any Tollgate code. */
    private static Map<String, BigDecimal> expected(List<Sent> sent, String aggregation, Query query) {
        Map<String, List<Sent>> rows = new TreeMap<>();
        for (Sent e : sent) {
            Instant minute = e.time().truncatedTo(ChronoUnit.MINUTES);
            boolean inRange = (query.from() == null || !minute.isBefore(query.from()))
                    && (query.to() == null || minute.isBefore(query.to()));
            boolean kept = inRange && (query.subjects().isEmpty() || query.subjects().contains(e.subject()))
                    && (query.group() == null || query.group().equals(e.group()));
            if (kept && counted(e, aggregation)) {
                String window = query.windowSize() == null ? "" : window(query.window(e.time()));
                rows.computeIfAbsent(key(window, query.bySubject() ? e.subject() : null,
                        query.byGroup() ? e.group() : null), k -> new ArrayList<>()).add(e);
            }
        }
        Map<String, BigDecimal> values = new TreeMap<>();
        rows.forEach((key, events) -> values.put(key, aggregate(aggregation, events)));
        return values;
    }

    private static boolean counted(Sent e, String aggregation) {
        return switch (aggregation) {
            case "COUNT" -> true;
            case "UNIQUE_COUNT" -> e.user() != null;
            default -> e.number() != null;
        };
    }

    private static BigDecimal aggregate(String aggregation, List<Sent> events) {
        List<BigDecimal> numbers = events.stream().map(Sent::number).toList();
        BigDecimal value = switch (aggregation) {
            case "COUNT" -> BigDecimal.valueOf(events.size());
            case "UNIQUE_COUNT" -> BigDecimal.valueOf(events.stream().map(Sent::user).distinct().count());
            case "SUM" -> numbers.stream().reduce(BigDecimal.ZERO, BigDecimal::add);
            case "AVG" -> numbers.stream().reduce(BigDecimal.ZERO, BigDecimal::add)
                    .divide(BigDecimal.valueOf(numbers.size()), 9, RoundingMode.HALF_EVEN);
            case "MIN" -> numbers.stream().min(BigDecimal::compareTo).orElseThrow();
            case "MAX" -> numbers.stream().max(BigDecimal::compareTo).orElseThrow();
            case "LATEST" -> events.stream().max((a, b) -> a.time().compareTo(b.time())).orElseThrow().number();
            default -> throw new IllegalStateException(aggregation);
        };
        return value.stripTrailingZeros();
    }

    private static Map<String, BigDecimal> actual(String slug, Query query) {
        String body = admin().get("/api/v1/meters/" + slug + "/query?" + query.params()).then().statusCode(200)
                .extract().asString();
        Map<String, BigDecimal> values = new TreeMap<>();
        try {
            // Jackson with exact decimals: RestAssured's JsonPath reads numbers as floats and is slow on large results.
            for (JsonNode row : JSON.readTree(body).get("data")) {
                String window = query.windowSize() == null ? "" : window(new Instant[] {
                        Instant.parse(row.get("windowStart").asText()), Instant.parse(row.get("windowEnd").asText())});
                String group = query.byGroup() ? textOrNull(row.get("groupBy").get("g")) : null;
                values.put(key(window, textOrNull(row.get("subject")), group),
                        row.get("value").decimalValue().stripTrailingZeros());
            }
        } catch (JsonProcessingException e) {
            throw new AssertionError("query answer is not JSON: " + body, e);
        }
        return values;
    }

    private static String textOrNull(JsonNode node) {
        return node == null || node.isNull() ? null : node.asText();
    }

    private static String window(Instant[] window) {
        return window[0] + "/" + window[1];
    }

    private static String key(String window, String subject, String group) {
        return window + " | " + subject + " | " + group;
    }

    private static void awaitTotal(String slug, int count, long seed) {
        await().alias("seed " + seed).atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
                .until(() -> admin().get("/api/v1/meters/" + slug + "/query").then().statusCode(200).extract()
                        .jsonPath().getList("data.value", BigDecimal.class),
                        v -> v.size() == 1 && v.get(0).intValueExact() == count);
    }

    private static void awaitBackfill(String slug, long seed) {
        await().alias("seed " + seed).atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250))
                .until(() -> admin().get("/api/v1/meters/" + slug + "/backfill").then().statusCode(200).extract()
                        .jsonPath().getString("status"), "DONE"::equals);
    }

    private static void pause() {
        try {
            Thread.sleep(300);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

}
