package dev.tollgate.app.billing;

import static dev.tollgate.app.TestApi.admin;
import static dev.tollgate.app.billing.Billing.map;
import static dev.tollgate.app.billing.Billing.path;
import static dev.tollgate.app.billing.Billing.plusMonths;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tollgate.app.TestApi;
import dev.tollgate.app.TestTime;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Currency;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Random plans (every price model, discounts, commitments, trials), random subscriptions (some cancelled mid-period)
 * and random usage through the real HTTP, Kafka and ClickHouse path, billed over three months by the billing run;
 * every rate card's period must come to what {@link InvoiceOracle} works out from the raw events, in USD, JPY (no
 * minor unit) and KWD (three). The seed is printed; {@code -Dtollgate.billing.seed=N} replays a run.
 */
@QuarkusTest
class InvoicePropertyTest {

    private static final String[] CURRENCIES = {"USD", "JPY", "KWD"};
    private static final int CUSTOMERS = 6;
    private static final int PERIODS = 3;
    private static final Duration TRIAL = Duration.ofDays(7);

    /** A rate card as generated: a flat fee, or a usage price on its own meter. */
    record Card(String name, Map<String, Object> json, BigDecimal flatAmount, boolean inAdvance, String meter,
            String aggregation, InvoiceOracle.UsagePrice price, InvoiceOracle.Discounts discounts) {

        boolean flat() {
            return flatAmount != null;
        }
    }

    record Event(Card card, Instant time, BigDecimal value) {
    }

    static final class Subscriber {
        String id;
        String subject;
        String currency;
        int digits;
        boolean trial;
        List<Card> cards = new ArrayList<>();
        Instant cancelAt;
        String subscriptionId;
        List<Event> events = new ArrayList<>();
    }

    @Test
    void everyRateCardPeriodComesToWhatTheOracleSays() {
        long seed = Long.getLong("tollgate.billing.seed", System.nanoTime());
        System.out.println("InvoicePropertyTest seed " + seed + " (replay with -Dtollgate.billing.seed=" + seed + ")");
        Random random = new Random(seed);
        Instant start = Billing.nextDay();
        List<Subscriber> subscribers = new ArrayList<>();
        for (int i = 0; i < CUSTOMERS; i++) {
            subscribers.add(subscriber(random, CURRENCIES[i % CURRENCIES.length], start));
        }
        for (int period = 0; period < PERIODS; period++) {
            Instant from = plusMonths(start, period);
            Instant to = plusMonths(start, period + 1);
            List<Subscriber> cancelling = subscribers.stream().filter(s -> s.cancelAt != null
                    && !s.cancelAt.isBefore(from) && s.cancelAt.isBefore(to))
                    .sorted(Comparator.comparing(s -> s.cancelAt)).toList();
            for (Subscriber s : cancelling) {
                TestTime.advanceTo(s.cancelAt);
                admin().contentType(ContentType.JSON).body(map("timing", "immediate"))
                        .post("/api/v1/subscriptions/" + s.subscriptionId + "/cancel").then().statusCode(200);
            }
            TestTime.advanceTo(to.minus(Duration.ofHours(1)));
            for (Subscriber s : subscribers) {
                sendUsage(random, s, from, to);
            }
            TestTime.advanceTo(to.plus(Duration.ofHours(2)));
            Billing.run();
        }
        Instant lastRun = TestTime.now();
        int periods = 0;
        for (Subscriber s : subscribers) {
            Map<String, BigDecimal> expected = oracle(s, start, lastRun.minus(Duration.ofHours(1)));
            Map<String, BigDecimal> billed = billed(s);
            periods += expected.size();
            assertThat(billed).as("seed %d, customer %s (%s, trial %s, cancelled %s): billed per rate card and period",
                    seed, s.id, s.currency, s.trial, s.cancelAt).isEqualTo(expected);
        }
        System.out.println("InvoicePropertyTest seed " + seed + ": " + periods + " rate card periods of " + CUSTOMERS
                + " customers billed as the oracle says");
        assertThat(periods).isGreaterThanOrEqualTo(CUSTOMERS * PERIODS);
    }

    private Subscriber subscriber(Random random, String currency, Instant start) {
        Subscriber s = new Subscriber();
        s.subject = TestApi.uniqueSubject();
        s.currency = currency;
        s.digits = Currency.getInstance(currency).getDefaultFractionDigits();
        s.trial = random.nextInt(3) == 0;
        s.cards.add(flatCard(random, s.digits));
        int usageCards = 1 + random.nextInt(2);
        for (int i = 0; i < usageCards; i++) {
            s.cards.add(usageCard(random, s.digits, i));
        }
        List<Object> phases = new ArrayList<>();
        if (s.trial) {
            List<Object> free = new ArrayList<>();
            for (Card card : s.cards) {
                if (!card.flat()) {
                    Map<String, Object> unpriced = new LinkedHashMap<>(card.json());
                    unpriced.put("price", null);
                    unpriced.remove("discounts");
                    free.add(unpriced);
                }
            }
            phases.add(map("key", "trial", "name", "Trial", "duration", "P7D", "rateCards", free));
        }
        phases.add(map("key", "main", "name", "Main", "duration", null,
                "rateCards", s.cards.stream().map(Card::json).toList()));
        String plan = Billing.publish(map("key", Billing.unique("prop"), "name", "Property", "currency", currency,
                "billingCadence", "P1M", "phases", phases));
        s.id = Billing.customer(s.subject, currency);
        s.subscriptionId = Billing.subscribe(s.id, plan, start);
        if (random.nextInt(3) == 0) {
            s.cancelAt = plusMonths(start, 1).plus(Duration.ofDays(3 + random.nextInt(18)));
        }
        return s;
    }

    private static Card flatCard(Random random, int digits) {
        BigDecimal amount = money(random, 1, 200, digits);
        boolean inAdvance = random.nextBoolean();
        InvoiceOracle.Discounts discounts = random.nextInt(4) == 0
                ? new InvoiceOracle.Discounts(BigDecimal.valueOf(5 + random.nextInt(46)), null) : null;
        String key = Billing.unique("fee");
        Map<String, Object> json = map("type", "flat_fee", "key", key, "name", "Fee " + key, "billingCadence", "P1M",
                "price", map("type", "flat", "amount", amount.toPlainString(), "paymentTerm",
                        inAdvance ? "in_advance" : "in_arrears"));
        if (discounts != null) {
            json.put("discounts", map("percentage", map("percentage", discounts.percentage())));
        }
        return new Card("Fee " + key, json, amount, inAdvance, null, null, null, discounts);
    }

    private static Card usageCard(Random random, int digits, int index) {
        String aggregation = random.nextBoolean() ? "COUNT" : "SUM";
        String meter = Billing.meter(aggregation);
        String feature = Billing.feature(meter);
        String[] kinds = aggregation.equals("SUM") ? new String[] {"unit", "package", "graduated", "volume", "dynamic"}
                : new String[] {"unit", "package", "graduated", "volume"};
        String kind = kinds[random.nextInt(kinds.length)];
        Map<String, Object> price = new LinkedHashMap<>();
        InvoiceOracle.UsagePrice oracle;
        BigDecimal minimum = null;
        BigDecimal maximum = null;
        if (!kind.equals("dynamic") && random.nextInt(3) == 0) {
            minimum = money(random, 1, 20, digits);
        }
        if (!kind.equals("dynamic") && random.nextInt(3) == 0) {
            maximum = (minimum == null ? BigDecimal.ZERO : minimum).add(money(random, 5, 60, digits));
        }
        switch (kind) {
            case "unit" -> {
                BigDecimal amount = decimal(random, 1, 20000, 4);
                price.putAll(map("type", "unit", "amount", amount.toPlainString()));
                oracle = new InvoiceOracle.UsagePrice("unit", amount, null, null, null, null, minimum, maximum);
            }
            case "package" -> {
                BigDecimal amount = money(random, 1, 30, digits);
                BigDecimal size = BigDecimal.valueOf(new int[] {2, 5, 10, 25}[random.nextInt(4)]);
                price.putAll(map("type", "package", "amount", amount.toPlainString(), "quantityPerPackage",
                        size.toPlainString()));
                oracle = new InvoiceOracle.UsagePrice("package", amount, size, null, null, null, minimum, maximum);
            }
            case "dynamic" -> {
                BigDecimal multiplier = decimal(random, 50, 300, 2);
                price.putAll(map("type", "dynamic", "multiplier", multiplier.toPlainString()));
                oracle = new InvoiceOracle.UsagePrice("dynamic", null, null, null, null, multiplier, null, null);
            }
            default -> {
                List<InvoiceOracle.Tier> tiers = new ArrayList<>();
                List<Object> tierJson = new ArrayList<>();
                int count = 2 + random.nextInt(2);
                int upTo = 0;
                for (int t = 0; t < count; t++) {
                    boolean open = t == count - 1;
                    upTo += 3 + random.nextInt(20);
                    BigDecimal flat = random.nextInt(3) == 0 ? money(random, 1, 10, digits) : null;
                    BigDecimal unit = flat == null || random.nextBoolean() ? decimal(random, 1, 30000, 4) : null;
                    tiers.add(new InvoiceOracle.Tier(open ? null : BigDecimal.valueOf(upTo), flat, unit));
                    Map<String, Object> tier = new LinkedHashMap<>();
                    tier.put("upToAmount", open ? null : String.valueOf(upTo));
                    tier.put("flatPrice", flat == null ? null : map("type", "flat", "amount", flat.toPlainString()));
                    tier.put("unitPrice", unit == null ? null : map("type", "unit", "amount", unit.toPlainString()));
                    tierJson.add(tier);
                }
                price.putAll(map("type", "tiered", "mode", kind, "tiers", tierJson));
                oracle = new InvoiceOracle.UsagePrice("tiered", null, null, kind, tiers, null, minimum, maximum);
            }
        }
        if (minimum != null) {
            price.put("minimumAmount", minimum.toPlainString());
        }
        if (maximum != null) {
            price.put("maximumAmount", maximum.toPlainString());
        }
        BigDecimal percentage = random.nextInt(3) == 0 ? BigDecimal.valueOf(5 + random.nextInt(46)) : null;
        BigDecimal free = random.nextInt(3) == 0 ? BigDecimal.valueOf(1 + random.nextInt(5)) : null;
        Map<String, Object> json = map("type", "usage_based", "key", feature, "name", "Usage " + feature + " " + index,
                "featureKey", feature, "billingCadence", "P1M", "price", price);
        Map<String, Object> discounts = new LinkedHashMap<>();
        if (percentage != null) {
            discounts.put("percentage", map("percentage", percentage));
        }
        if (free != null) {
            discounts.put("usage", map("quantity", free.toPlainString()));
        }
        if (!discounts.isEmpty()) {
            json.put("discounts", discounts);
        }
        return new Card((String) json.get("name"), json, null, false, meter, aggregation, oracle,
                percentage == null && free == null ? null : new InvoiceOracle.Discounts(percentage, free));
    }

    /** A few events per usage card, at random minutes of the period, some after a cancellation (never billed). */
    private static void sendUsage(Random random, Subscriber s, Instant from, Instant to) {
        long minutes = Duration.between(from, to).toMinutes();
        for (Card card : s.cards) {
            if (card.flat()) {
                continue;
            }
            int count = random.nextInt(6);
            List<Instant> times = new ArrayList<>();
            List<String> values = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                Instant time = from.plus(Duration.ofMinutes(random.nextLong(minutes - 60))).plusSeconds(7);
                BigDecimal value = card.aggregation().equals("COUNT") ? BigDecimal.ONE : decimal(random, 1, 4000, 1);
                times.add(time);
                values.add(value.toPlainString());
                s.events.add(new Event(card, time, value));
            }
            if (!times.isEmpty()) {
                Billing.usageEvents(card.meter(), s.subject, times, values);
            }
            BigDecimal total = s.events.stream().filter(e -> e.card() == card).map(Event::value)
                    .reduce(BigDecimal.ZERO, BigDecimal::add);
            if (total.signum() > 0) {
                Billing.awaitTotal(card.meter(), s.subject, total.toPlainString());
            }
        }
    }

    /** What each rate card's period should have billed, by "name@period start", for periods due by {@code dueBy}. */
    private static Map<String, BigDecimal> oracle(Subscriber s, Instant start, Instant dueBy) {
        Map<String, BigDecimal> expected = new TreeMap<>();
        for (int k = 0; k <= PERIODS; k++) {
            Instant fullFrom = plusMonths(start, k);
            Instant fullTo = plusMonths(start, k + 1);
            Instant from = s.trial && k == 0 ? start.plus(TRIAL) : fullFrom;
            Instant to = s.cancelAt != null && s.cancelAt.isBefore(fullTo) ? s.cancelAt : fullTo;
            if (!from.isBefore(to)) {
                continue;
            }
            for (Card card : s.cards) {
                Instant invoiceAt = card.flat() && card.inAdvance() ? from : to;
                if (invoiceAt.isAfter(dueBy)) {
                    continue;
                }
                BigDecimal amount;
                if (card.flat()) {
                    BigDecimal share = BigDecimal.valueOf(Duration.between(from, to).getSeconds()).divide(
                            BigDecimal.valueOf(Duration.between(fullFrom, fullTo).getSeconds()),
                            MathContext.DECIMAL128);
                    amount = InvoiceOracle.flatFee(card.flatAmount(), share, card.discounts(), s.digits);
                } else {
                    Instant periodFrom = from;
                    BigDecimal usage = s.events.stream().filter(e -> e.card() == card
                            && !e.time().isBefore(periodFrom) && e.time().isBefore(to)).map(Event::value)
                            .reduce(BigDecimal.ZERO, BigDecimal::add);
                    amount = InvoiceOracle.usage(card.price(), usage, card.discounts(), s.digits);
                }
                expected.put(card.name() + "@" + from, amount.setScale(s.digits));
            }
        }
        return expected;
    }

    /** What the customer's issued invoices billed, by "name@billing period start", adjustments included. */
    private static Map<String, BigDecimal> billed(Subscriber s) {
        Map<String, BigDecimal> billed = new TreeMap<>();
        for (Map<String, Object> invoice : Billing.invoices(s.id)) {
            List<Map<String, Object>> lines = path(invoice, "lines");
            BigDecimal sum = BigDecimal.ZERO;
            for (Map<String, Object> line : lines) {
                String name = ((String) line.get("name")).replaceFirst("^Adjustment: ", "");
                String from = line.get("adjustment") != null ? path(line, "adjustment", "billingPeriod", "from")
                        : path(line, "subscription", "billingPeriod", "from");
                BigDecimal total = new BigDecimal(path(line, "totals", "total").toString());
                billed.merge(name + "@" + Instant.parse(from), total, BigDecimal::add);
                sum = sum.add(total);
            }
            assertThat(new BigDecimal(path(invoice, "totals", "total").toString()))
                    .as("invoice %s total is the sum of its lines", invoice.get("id")).isEqualByComparingTo(sum);
        }
        billed.replaceAll((key, amount) -> amount.setScale(s.digits));
        return billed;
    }

    /** A random amount in [min, max) with the currency's minor units. */
    private static BigDecimal money(Random random, int min, int max, int digits) {
        BigDecimal whole = BigDecimal.valueOf(min + random.nextInt(max - min));
        return digits == 0 ? whole : whole.add(BigDecimal.valueOf(random.nextInt((int) Math.pow(10, digits)), digits));
    }

    /** A random decimal in [min, max) / 10^scale. */
    private static BigDecimal decimal(Random random, int min, int max, int scale) {
        return BigDecimal.valueOf(min + random.nextInt(max - min), scale);
    }
}
