package dev.tollgate.app.finance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tollgate.app.AggregatorBarrier;
import dev.tollgate.app.TestTime;
import dev.tollgate.finance.service.CostMonthRefresher;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Random customers in a random hierarchy, a random LLM cost table with effective-dated changes and gaps, and random
 * events through the real HTTP, Kafka and ClickHouse path; the showback report, grouped and windowed at random, must
 * hold exactly what an oracle written here works out from the raw events and the cost table (docs/finance.md, "How
 * cost is resolved"). The seed is printed; {@code -Dtollgate.finance.seed=N} replays a run.
 */
@QuarkusTest
class ShowbackPropertyTest {

    private static final String[] PROVIDERS = {"p1", "p2"};
    private static final String[] MODELS = {"m1", "m2", "m3"};
    private static final String[] TOKEN_TYPES = {"input", "output", "cache_read", "request"};
    private static final String[] ROUTES = {"/a", "/b", "/free"};
    private static final String[] COST_CENTERS = {"cc1", "cc2", "cc3"};
    private static final String[] ZONES = {"UTC", "America/New_York", "Asia/Kolkata"};

    /** A price as the oracle sees it: per-token input, output and (possibly unknown) cache read. */
    record Price(Instant from, Instant to, BigDecimal input, BigDecimal output, BigDecimal cacheRead) {
    }

    record Event(String subject, Instant time, boolean llm, String provider, String model, String type,
            BigDecimal tokens, BigDecimal cost, String route) {
    }

    /** What a run made at random: the cost table, the customers and who holds which subject. */
    record World(Map<String, List<Price>> prices, BigDecimal callAmount, Map<String, String> parents,
            Map<String, String> costCenters, Map<String, String> owners, List<String> subjects) {
    }

    /** A report's shape, drawn at random. */
    record Shape(List<String> groupBy, String windowSize, ZoneId zone, String departmentKey, int level) {

        String query(Instant from, Instant to) {
            StringBuilder query = new StringBuilder("from=" + from + "&to=" + to + "&windowTimeZone=" + zone);
            groupBy.forEach(g -> query.append("&groupBy=").append(g));
            if (windowSize != null) {
                query.append("&windowSize=").append(windowSize);
            }
            query.append(departmentKey != null ? "&departmentKey=" + departmentKey : "&departmentLevel=" + level);
            return query.toString();
        }
    }

    @Inject
    CostMonthRefresher refresher;

    @Test
    void reportTotalsAreWhatTheRawEventsAndTheCostTableSay() {
        long seed = Long.getLong("tollgate.finance.seed", System.nanoTime());
        System.out.println("ShowbackPropertyTest seed " + seed + " (replay with -Dtollgate.finance.seed=" + seed + ")");
        Random random = new Random(seed);
        Finance f = Finance.newNamespace();
        Instant from = TestTime.day(-3);
        Instant to = TestTime.day(-1);
        World world = world(random, f, from, to);
        List<Event> events = events(random, world, from, to, 150);
        ingest(f, events);
        AggregatorBarrier.await();

        for (int round = 0; round < 3; round++) {
            List<String> groupBy = new ArrayList<>(List.of("feature"));
            for (String g : List.of("customer", "department", "model", "provider")) {
                if (random.nextBoolean()) {
                    groupBy.add(g);
                }
            }
            Collections.shuffle(groupBy, random);
            Shape shape = new Shape(groupBy, new String[] {null, "HOUR", "DAY"}[random.nextInt(3)],
                    ZoneId.of(pick(random, ZONES)), random.nextInt(3) == 0 ? "costCenter" : null, random.nextInt(4));
            assertReport(f, seed, world, events, shape, from, to);
        }
    }

    /**
     * Whole UTC months grouped by customer or department, the reports the cost rollup serves: the same answers read
     * live, and read from the rollup once it has computed the months, both what the oracle works out from the raw
     * events. The events are written over two months while the clock runs through them (each within the lateness).
     */
    @Test
    void wholeMonthsFromTheCostRollupAreWhatTheRawEventsSay() {
        long seed = Long.getLong("tollgate.finance.seed", System.nanoTime());
        System.out.println("ShowbackPropertyTest months seed " + seed + " (replay with -Dtollgate.finance.seed="
                + seed + ")");
        Random random = new Random(seed);
        Finance f = Finance.newNamespace();
        YearMonth one = YearMonth.from(TestTime.now().atZone(ZoneOffset.UTC)).plusMonths(1);
        Instant from = one.atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        Instant nextMonth = one.plusMonths(1).atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        Instant middle = from.plus(Duration.ofDays(15));
        Instant end = nextMonth.plus(Duration.ofDays(10));
        World world = world(random, f, from, end);
        TestTime.advanceTo(middle);
        List<Event> events = new ArrayList<>(events(random, world, from, middle, 80));
        ingest(f, events);
        TestTime.advanceTo(end.plus(Duration.ofMinutes(5)));
        List<Event> later = events(random, world, middle, end, 80);
        ingest(f, later);
        events.addAll(later);
        AggregatorBarrier.await();

        List<Shape> shapes = new ArrayList<>();
        List<Instant[]> ranges = new ArrayList<>();
        for (int round = 0; round < 3; round++) {
            List<String> groupBy = new ArrayList<>(List.of(random.nextBoolean() ? "customer" : "department"));
            for (String g : List.of("customer", "department", "feature")) {
                if (!groupBy.contains(g) && random.nextBoolean()) {
                    groupBy.add(g);
                }
            }
            Collections.shuffle(groupBy, random);
            shapes.add(new Shape(groupBy, random.nextBoolean() ? null : "MONTH", ZoneId.of("UTC"),
                    random.nextInt(3) == 0 ? "costCenter" : null, random.nextInt(4)));
            ranges.add(new Instant[] {from, new Instant[] {nextMonth, end, end.plus(Duration.ofDays(3))}[
                    random.nextInt(3)]});
        }
        for (int i = 0; i < shapes.size(); i++) {
            assertReport(f, seed, world, events, shapes.get(i), ranges.get(i)[0], ranges.get(i)[1]);
        }
        // The reports asked for the months; once the writes are older than the overlap, the rollup computes them.
        TestTime.advance(Duration.ofSeconds(61));
        assertThat(refresher.refresh(f.namespace)).as("seed %d: months computed", seed).isPositive();
        for (int i = 0; i < shapes.size(); i++) {
            assertReport(f, seed, world, events, shapes.get(i), ranges.get(i)[0], ranges.get(i)[1]);
        }
    }

    private World world(Random random, Finance f, Instant from, Instant to) {
        Map<String, String> llmGroups = Map.of("model", "$.model", "provider", "$.provider", "type", "$.type");
        f.meter("tokens", "SUM", "llm", "$.tokens", llmGroups);
        f.meter("kong_cost", "SUM", "llm", "$.cost", llmGroups);
        f.meter("calls", "COUNT", "call", null, Map.of("route", "$.route"));
        f.feature("llm_tokens", "tokens", null, Map.of("type", "llm", "providerProperty", "provider",
                "modelProperty", "model", "tokenTypeProperty", "type"));
        f.feature("output_cost", "tokens", Map.of("type", "output"), Map.of("type", "meter", "meter", "kong_cost"));
        BigDecimal callAmount = BigDecimal.valueOf(1 + random.nextInt(999), 4);
        f.feature("calls", "calls", null, Map.of("type", "manual", "amount", callAmount.toPlainString(),
                "currency", "EUR"));
        f.feature("free_calls", "calls", Map.of("route", "/free"), null);

        Map<String, List<Price>> prices = prices(random, f, from, to);
        Map<String, String> parents = new LinkedHashMap<>();
        Map<String, String> costCenters = new HashMap<>();
        Map<String, String> owners = new HashMap<>();
        List<String> subjects = customers(random, f, parents, costCenters, owners);
        return new World(prices, callAmount, parents, costCenters, owners, subjects);
    }

    /** Random LLM and call events of the world's subjects (and nobody's) at random seconds in [from, to). */
    private static List<Event> events(Random random, World world, Instant from, Instant to, int count) {
        List<Event> events = new ArrayList<>();
        long seconds = Duration.between(from, to).getSeconds();
        for (int i = 0; i < count; i++) {
            String subject = world.subjects().get(random.nextInt(world.subjects().size()));
            Instant time = from.plusSeconds((long) (random.nextDouble() * seconds));
            if (random.nextInt(10) < 7) {
                events.add(new Event(subject, time, true, pick(random, PROVIDERS), pick(random, MODELS),
                        pick(random, TOKEN_TYPES), BigDecimal.valueOf(1 + random.nextInt(5000)),
                        BigDecimal.valueOf(random.nextInt(500_000), 6), null));
            } else {
                events.add(new Event(subject, time, false, null, null, null, null, null, pick(random, ROUTES)));
            }
        }
        return events;
    }

    private static void ingest(Finance f, List<Event> events) {
        List<Map<String, Object>> json = new ArrayList<>();
        for (Event e : events) {
            json.add(e.llm() ? Finance.event("llm", e.subject(), e.time().toString(), Map.of("provider",
                    e.provider(), "model", e.model(), "type", e.type(), "tokens", e.tokens(), "cost", e.cost()))
                    : Finance.event("call", e.subject(), e.time().toString(), Map.of("route", e.route())));
        }
        f.ingest(json);
    }

    /** The report of the shape over [from, to) holds exactly what the oracle works out from the events. */
    private static void assertReport(Finance f, long seed, World world, List<Event> events, Shape shape,
            Instant from, Instant to) {
        String query = shape.query(from, to);
        System.out.println("ShowbackPropertyTest query " + query);
        Map<List<Object>, BigDecimal[]> expected = new TreeMap<>(ShowbackPropertyTest::compareKeys);
        for (Event e : events) {
            if (e.time().isBefore(from) || !e.time().isBefore(to)) {
                continue;
            }
            String customer = world.owners().get(e.subject());
            String department = department(customer, world.parents(), world.costCenters(), shape.departmentKey(),
                    shape.level());
            for (Contribution c : contributions(e, world.prices(), world.callAmount())) {
                Map<String, String> values = new HashMap<>();
                values.put("feature", c.feature());
                values.put("customer", customer);
                values.put("department", department);
                values.put("model", e.llm() ? e.model() : null);
                values.put("provider", e.llm() ? e.provider() : null);
                List<Object> key = new ArrayList<>();
                key.add(windowStart(e.time(), from, shape.windowSize(), shape.zone()));
                shape.groupBy().forEach(g -> key.add(values.get(g)));
                key.add(c.currency());
                BigDecimal[] sum = expected.computeIfAbsent(key, k -> new BigDecimal[] {BigDecimal.ZERO,
                        BigDecimal.ZERO});
                sum[0] = sum[0].add(c.usage());
                sum[1] = sum[1].add(c.cost());
            }
        }

        assertThat(render(reported(f, query, shape.groupBy()))).as("seed %d, query %s", seed, query)
                .isEqualTo(render(expected));
    }

    /** The showback report's rows, keyed as the oracle keys them: window start, the groups in order, currency. */
    private static Map<List<Object>, BigDecimal[]> reported(Finance f, String query, List<String> groupBy) {
        JsonPath report = f.api().get("/api/v1/reports/showback?" + query).then().statusCode(200).extract()
                .jsonPath();
        Map<List<Object>, BigDecimal[]> actual = new TreeMap<>(ShowbackPropertyTest::compareKeys);
        for (Map<String, Object> row : report.<Map<String, Object>>getList("data")) {
            List<Object> key = new ArrayList<>();
            key.add(Instant.parse((String) row.get("windowStart")));
            Map<?, ?> group = (Map<?, ?>) row.get("group");
            groupBy.forEach(g -> key.add(group.get(g)));
            key.add(row.get("currency"));
            actual.put(key, new BigDecimal[] {new BigDecimal((String) row.get("usage")),
                    new BigDecimal((String) row.get("cost"))});
        }
        return actual;
    }

    /**
     * Subjects change hands at random instants while the clock runs (a release and a claim in the same instant, or a
     * claim later, which the catalog dates back to the release, or none, leaving the subject no one's), some at the
     * same instant, with an LLM price change among them; each event's usage and cost must be its holder's at the
     * event's minute, whatever the windows.
     */
    @Test
    void subjectsChangingHandsAtRandomInstantsAreEachHoldersWhileTheyHeldThem() {
        long seed = Long.getLong("tollgate.finance.seed", System.nanoTime());
        System.out.println("ShowbackPropertyTest hands seed " + seed + " (replay with -Dtollgate.finance.seed=" + seed
                + ")");
        Random random = new Random(seed);
        Finance f = Finance.newNamespace();
        f.meter("calls", "COUNT", "call", null, Map.of());
        f.meter("tokens", "SUM", "llm", "$.tokens", Map.of());
        BigDecimal callAmount = BigDecimal.valueOf(1 + random.nextInt(999), 3);
        f.feature("calls", "calls", null, Map.of("type", "manual", "amount", callAmount.toPlainString()));
        f.feature("tokens", "tokens", null, Map.of("type", "llm", "provider", "p", "model", "m",
                "tokenType", "input"));
        Instant start = TestTime.now();
        Instant from = start.truncatedTo(ChronoUnit.MINUTES).minus(Duration.ofHours(2));
        Instant priceChange = from.plusSeconds(random.nextInt(3 * 3600));
        BigDecimal before = BigDecimal.valueOf(1 + random.nextInt(999), 6);
        BigDecimal after = BigDecimal.valueOf(1 + random.nextInt(999), 6);
        // Newest first, so that neither rewrites the other's history.
        f.price("p", "m", "USD", Map.of("input_per_token", after.toPlainString(),
                "output_per_token", "1"), priceChange.toString(), null);
        f.price("p", "m", "USD", Map.of("input_per_token", before.toPlainString(),
                "output_per_token", "1"),
                from.minus(Duration.ofDays(1)).toString(), priceChange.toString());

        int customerCount = 4;
        List<String> customerIds = new ArrayList<>();
        List<List<String>> held = new ArrayList<>();
        // Per subject, who holds it from which minute on; "?" until a released subject is claimed or the test ends.
        Map<String, TreeMap<Instant, String>> holders = new TreeMap<>();
        for (int i = 0; i < customerCount; i++) {
            List<String> subjects = new ArrayList<>(List.of("s" + i + "a", "s" + i + "b"));
            String id = f.customer("h" + i, null, null, subjects.toArray(String[]::new));
            customerIds.add(id);
            held.add(subjects);
            subjects.forEach(s -> holders.put(s, new TreeMap<>(Map.of(Instant.MIN, id))));
        }
        List<String> free = new ArrayList<>();
        for (int round = 0; round < 8; round++) {
            // Somewhere inside a minute, so that the change applies from the next one.
            Instant at = TestTime.now().truncatedTo(ChronoUnit.MINUTES).plus(Duration.ofMinutes(1
                    + random.nextInt(6))).plusSeconds(5 + random.nextInt(40));
            TestTime.advanceTo(at);
            Instant changeMinute = ceilToMinute(TestTime.now());
            int moves = 1 + random.nextInt(2);
            for (int m = 0; m < moves; m++) {
                int owner = random.nextInt(customerCount);
                if (held.get(owner).isEmpty()) {
                    continue;
                }
                String subject = held.get(owner).remove(random.nextInt(held.get(owner).size()));
                put(f, owner, customerIds.get(owner), held.get(owner));
                holders.get(subject).put(changeMinute, "?");
                free.add(subject);
            }
            while (!free.isEmpty() && random.nextInt(4) != 0) {
                String subject = free.remove(random.nextInt(free.size()));
                int taker = random.nextInt(customerCount);
                held.get(taker).add(subject);
                put(f, taker, customerIds.get(taker), held.get(taker));
                // The catalog dates a claim back to the release: no usage falls between two customers.
                holders.get(subject).put(holders.get(subject).lastKey(), customerIds.get(taker));
            }
            assertThat(ceilToMinute(TestTime.now())).as("the changes of a round fall in one minute")
                    .isEqualTo(changeMinute);
        }
        Instant end = TestTime.now();

        List<String> subjects = new ArrayList<>(holders.keySet());
        subjects.add("nobody");
        List<Event> events = new ArrayList<>();
        long seconds = Duration.between(from, end).getSeconds();
        List<Instant> changeMinutes = holders.values().stream().flatMap(t -> t.keySet().stream())
                .filter(i -> !Instant.MIN.equals(i)).toList();
        for (int i = 0; i < 200; i++) {
            String subject = subjects.get(random.nextInt(subjects.size()));
            // Half of the events fall within a minute of a change, where the cut must be exact.
            Instant time = random.nextBoolean() && !changeMinutes.isEmpty()
                    ? changeMinutes.get(random.nextInt(changeMinutes.size())).plusSeconds(random.nextInt(120) - 60)
                    : from.plusSeconds((long) (random.nextDouble() * seconds));
            if (!time.isBefore(end)) {
                time = end.minusSeconds(1);
            }
            boolean llm = random.nextBoolean();
            events.add(new Event(subject, time, llm, null, null, null,
                    llm ? BigDecimal.valueOf(1 + random.nextInt(5000)) : null, null, null));
        }
        f.ingest(events.stream().map(e -> Finance.event(e.llm() ? "llm" : "call", e.subject(), e.time().toString(),
                e.llm() ? Map.<String, Object>of("tokens", e.tokens()) : Map.<String, Object>of())).toList());
        AggregatorBarrier.await();

        Instant to = end.truncatedTo(ChronoUnit.MINUTES).plus(Duration.ofMinutes(1));
        Instant priceMinute = ceilToMinute(priceChange);
        for (int round = 0; round < 3; round++) {
            List<String> groupBy = new ArrayList<>(List.of("customer", "feature"));
            if (random.nextBoolean()) {
                groupBy.add("department");
            }
            Collections.shuffle(groupBy, random);
            String windowSize = new String[] {null, "HOUR", "DAY"}[random.nextInt(3)];
            ZoneId zone = ZoneId.of(pick(random, ZONES));
            StringBuilder query = new StringBuilder("from=" + from + "&to=" + to + "&windowTimeZone=" + zone);
            groupBy.forEach(g -> query.append("&groupBy=").append(g));
            if (windowSize != null) {
                query.append("&windowSize=").append(windowSize);
            }
            System.out.println("ShowbackPropertyTest hands query " + query);

            Map<List<Object>, BigDecimal[]> expected = new TreeMap<>(ShowbackPropertyTest::compareKeys);
            for (Event e : events) {
                Instant minute = e.time().truncatedTo(ChronoUnit.MINUTES);
                TreeMap<Instant, String> timeline = holders.get(e.subject());
                String customer = timeline == null ? null : timeline.floorEntry(minute).getValue();
                customer = "?".equals(customer) ? null : customer;
                Map<String, String> values = new HashMap<>();
                values.put("feature", e.llm() ? "tokens" : "calls");
                values.put("customer", customer);
                values.put("department", customer); // every customer is a root: its own department
                List<Object> key = new ArrayList<>();
                key.add(windowStart(e.time(), from, windowSize, zone));
                groupBy.forEach(g -> key.add(values.get(g)));
                key.add("USD");
                BigDecimal usage = e.llm() ? e.tokens() : BigDecimal.ONE;
                BigDecimal cost = e.llm() ? usage.multiply(minute.isBefore(priceMinute) ? before : after)
                        : callAmount;
                BigDecimal[] sum = expected.computeIfAbsent(key, k -> new BigDecimal[] {BigDecimal.ZERO,
                        BigDecimal.ZERO});
                sum[0] = sum[0].add(usage);
                sum[1] = sum[1].add(cost);
            }

            assertThat(render(reported(f, query.toString(), groupBy))).as("seed %d, query %s", seed, query)
                    .isEqualTo(render(expected));
        }
    }

    private static void put(Finance f, int index, String id, List<String> subjects) {
        f.json().body(Map.of("key", "h" + index, "name", "Customer h" + index, "usageAttribution",
                Map.of("subjectKeys", subjects))).put("/api/v1/customers/" + id).then().statusCode(200);
    }

    /** What one event adds to which feature, in which currency. */
    record Contribution(String feature, String currency, BigDecimal usage, BigDecimal cost) {
    }

    private static List<Contribution> contributions(Event e, Map<String, List<Price>> prices,
            BigDecimal callAmount) {
        List<Contribution> list = new ArrayList<>();
        if (!e.llm()) {
            list.add(new Contribution("calls", "EUR", BigDecimal.ONE, callAmount));
            if ("/free".equals(e.route())) {
                list.add(new Contribution("free_calls", "USD", BigDecimal.ONE, BigDecimal.ZERO));
            }
            return list;
        }
        // Usage in a minute is priced as at the minute's start.
        Instant minute = e.time().truncatedTo(ChronoUnit.MINUTES);
        BigDecimal perToken = BigDecimal.ZERO;
        for (Price p : prices.getOrDefault(e.provider() + "/" + e.model(), List.of())) {
            if (!minute.isBefore(p.from()) && (p.to() == null || minute.isBefore(p.to()))) {
                BigDecimal price = switch (e.type()) {
                    case "input", "request" -> p.input();
                    case "output" -> p.output();
                    default -> p.cacheRead();
                };
                perToken = price == null ? BigDecimal.ZERO : price;
            }
        }
        list.add(new Contribution("llm_tokens", "USD", e.tokens(), e.tokens().multiply(perToken)));
        if ("output".equals(e.type())) {
            list.add(new Contribution("output_cost", "USD", e.tokens(), e.cost()));
        }
        return list;
    }

    /**
     * Per provider and model, 0 to 3 prices: the first possibly before the range, the others at random seconds inside
     * it, some ending early (a gap, where usage costs 0); each effective until the next starts. Created newest first,
     * so that each fills time no price covered yet and none rewrites history.
     */
    private static Map<String, List<Price>> prices(Random random, Finance f, Instant from, Instant to) {
        Map<String, List<Price>> prices = new HashMap<>();
        long seconds = Duration.between(from, to).getSeconds();
        for (String provider : PROVIDERS) {
            for (String model : MODELS) {
                int count = random.nextInt(4);
                List<Instant> starts = new ArrayList<>();
                for (int i = 0; i < count; i++) {
                    starts.add(i == 0 && random.nextBoolean() ? from.minus(Duration.ofDays(1))
                            : from.plusSeconds((long) (random.nextDouble() * seconds)));
                }
                Collections.sort(starts);
                List<Price> series = new ArrayList<>();
                for (int i = 0; i < starts.size(); i++) {
                    if (i > 0 && starts.get(i).equals(starts.get(i - 1))) {
                        continue;
                    }
                    Instant next = i + 1 < starts.size() ? starts.get(i + 1) : to.plus(Duration.ofDays(1));
                    Instant end = random.nextInt(4) == 0
                            ? starts.get(i).plusSeconds(1 + (long) (random.nextDouble()
                                    * Duration.between(starts.get(i), next).getSeconds()))
                            : null;
                    if (end != null && end.isAfter(next)) {
                        end = next;
                    }
                    series.add(new Price(starts.get(i), end, BigDecimal.valueOf(1 + random.nextInt(9999), 9),
                            BigDecimal.valueOf(1 + random.nextInt(9999), 8),
                            random.nextBoolean() ? BigDecimal.valueOf(random.nextInt(999), 9) : null));
                }
                for (int i = series.size() - 1; i >= 0; i--) {
                    Price p = series.get(i);
                    Map<String, Object> pricing = new LinkedHashMap<>();
                    pricing.put("input_per_token", p.input().toPlainString());
                    pricing.put("output_per_token", p.output().toPlainString());
                    if (p.cacheRead() != null) {
                        pricing.put("cache_read_per_token", p.cacheRead().toPlainString());
                    }
                    f.price(provider, model, "USD", pricing, p.from().toString(),
                            p.to() == null ? null : p.to().toString());
                }
                // The oracle's own reading of "until its end or the next price's start, whichever is first", on
                // the minute each change first applies to.
                List<Price> effective = new ArrayList<>();
                for (int i = 0; i < series.size(); i++) {
                    Price p = series.get(i);
                    Instant end = p.to();
                    if (i + 1 < series.size() && (end == null || series.get(i + 1).from().isBefore(end))) {
                        end = series.get(i + 1).from();
                    }
                    effective.add(new Price(ceilToMinute(p.from()), end == null ? null : ceilToMinute(end),
                            p.input(), p.output(), p.cacheRead()));
                }
                prices.put(provider + "/" + model, effective);
            }
        }
        return prices;
    }

    /** A random tree of 8 customers, some with a cost center and a subject each; the subjects, and 2 nobody's. */
    private static List<String> customers(Random random, Finance f, Map<String, String> parents,
            Map<String, String> costCenters, Map<String, String> owners) {
        List<String> ids = new ArrayList<>();
        List<String> subjects = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            String parent = i == 0 || random.nextInt(6) == 0 ? null : ids.get(random.nextInt(ids.size()));
            Map<String, String> metadata = random.nextInt(5) < 2 ? Map.of("costCenter", pick(random, COST_CENTERS))
                    : Map.of();
            String subject = random.nextInt(10) < 7 ? "s" + i : null;
            String id = subject == null ? f.customer("c" + i, parent, metadata)
                    : f.customer("c" + i, parent, metadata, subject);
            ids.add(id);
            parents.put(id, parent);
            if (!metadata.isEmpty()) {
                costCenters.put(id, metadata.get("costCenter"));
            }
            if (subject != null) {
                owners.put(subject, id);
                subjects.add(subject);
            }
        }
        subjects.add("nobody-1");
        subjects.add("nobody-2");
        return subjects;
    }

    private static String department(String customer, Map<String, String> parents, Map<String, String> costCenters,
            String key, int level) {
        if (customer == null) {
            return null;
        }
        List<String> chain = new ArrayList<>();
        for (String c = customer; c != null; c = parents.get(c)) {
            chain.add(0, c);
        }
        if (key != null) {
            for (int i = chain.size() - 1; i >= 0; i--) {
                if (costCenters.containsKey(chain.get(i))) {
                    return costCenters.get(chain.get(i));
                }
            }
            return null;
        }
        return level < chain.size() ? chain.get(level) : customer;
    }

    private static Instant windowStart(Instant time, Instant from, String size, ZoneId zone) {
        if (size == null) {
            return from;
        }
        ZonedDateTime local = time.atZone(zone);
        Instant start = switch (size) {
            case "HOUR" -> local.truncatedTo(ChronoUnit.HOURS).toInstant();
            case "MONTH" -> local.toLocalDate().withDayOfMonth(1).atStartOfDay(zone).toInstant();
            default -> local.toLocalDate().atStartOfDay(zone).toInstant();
        };
        return start.isBefore(from) ? from : start;
    }

    private static Instant ceilToMinute(Instant instant) {
        Instant floor = instant.truncatedTo(ChronoUnit.MINUTES);
        return floor.equals(instant) ? floor : floor.plus(Duration.ofMinutes(1));
    }

    private static String pick(Random random, String[] values) {
        return values[random.nextInt(values.length)];
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static int compareKeys(List<Object> a, List<Object> b) {
        for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
            Comparable x = (Comparable) a.get(i);
            Comparable y = (Comparable) b.get(i);
            if (x == null || y == null) {
                if (x != y) {
                    return x == null ? -1 : 1;
                }
                continue;
            }
            int c = x.compareTo(y);
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(a.size(), b.size());
    }

    /** Keys with their usage and cost as plain text, zero-valued rows kept, for a readable diff. */
    private static List<String> render(Map<List<Object>, BigDecimal[]> rows) {
        List<String> lines = new ArrayList<>();
        rows.forEach((key, sum) -> lines.add(key + " usage=" + sum[0].stripTrailingZeros().toPlainString()
                + " cost=" + sum[1].stripTrailingZeros().toPlainString()));
        return lines;
    }
}
