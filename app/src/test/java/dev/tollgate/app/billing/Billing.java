package dev.tollgate.app.billing;

import static dev.tollgate.app.TestApi.CLOUDEVENT_BATCH;
import static dev.tollgate.app.TestApi.admin;
import static org.awaitility.Awaitility.await;

import dev.tollgate.app.TestApi;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ValidatableResponse;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * What billing tests do through the API, as a client would: meters, features, plans, customers, subscriptions,
 * usage events, billing runs and invoices. Everything is made with unique keys, since tests share one database.
 */
public final class Billing {

    private Billing() {
    }

    public static String unique(String prefix) {
        return prefix + "_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    }

    /** A meter whose events have type {@code usage-<slug>}; COUNT counts them, others read {@code $.value}. */
    public static String meter(String aggregation) {
        String slug = unique("m");
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("slug", slug);
        body.put("aggregation", aggregation);
        body.put("eventType", "usage-" + slug);
        if (!aggregation.equals("COUNT")) {
            body.put("valueProperty", "$.value");
        }
        body.put("groupBy", Map.of("model", "$.model"));
        admin().contentType(ContentType.JSON).body(body).post("/api/v1/meters").then().statusCode(201);
        return slug;
    }

    public static String feature(String meterSlug) {
        String key = unique("f");
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("key", key);
        body.put("name", "Feature " + key);
        body.put("meterSlug", meterSlug);
        admin().contentType(ContentType.JSON).body(body).post("/api/v1/features").then().statusCode(201);
        return key;
    }

    /** Creates and publishes a plan; answers its key. */
    public static String publish(Map<String, Object> plan) {
        String id = admin().contentType(ContentType.JSON).body(plan).post("/api/v1/plans").then().statusCode(201)
                .extract().path("id");
        admin().post("/api/v1/plans/" + id + "/publish").then().statusCode(200);
        return (String) plan.get("key");
    }

    /** A plan of one phase that runs forever, in the currency, with monthly rate cards. */
    public static Map<String, Object> plan(String currency, List<Map<String, Object>> rateCards) {
        return map("key", unique("plan"), "name", "Plan", "currency", currency, "billingCadence", "P1M",
                "phases", List.of(map("key", "main", "name", "Main", "duration", null, "rateCards", rateCards)));
    }

    public static Map<String, Object> flatFee(String key, String amount, String paymentTerm) {
        return map("type", "flat_fee", "key", key, "name", "Fee " + key, "billingCadence", "P1M",
                "price", map("type", "flat", "amount", amount, "paymentTerm", paymentTerm));
    }

    public static Map<String, Object> usage(String featureKey, Map<String, Object> price) {
        return map("type", "usage_based", "key", featureKey, "name", "Usage " + featureKey, "featureKey", featureKey,
                "billingCadence", "P1M", "price", price);
    }

    public static Map<String, Object> unitPrice(String amount) {
        return map("type", "unit", "amount", amount);
    }

    /** A customer with one subject; answers its id. */
    public static String customer(String subject, String currency) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("key", unique("c"));
        body.put("name", "Customer " + subject);
        body.put("usageAttribution", Map.of("subjectKeys", List.of(subject)));
        if (currency != null) {
            body.put("currency", currency);
        }
        return admin().contentType(ContentType.JSON).body(body).post("/api/v1/customers").then().statusCode(201)
                .extract().path("id");
    }

    public static String subscribe(String customerId, String planKey, Instant timing) {
        Map<String, Object> body = new HashMap<>();
        body.put("customerId", customerId);
        body.put("plan", Map.of("key", planKey));
        body.put("timing", timing.toString());
        return admin().contentType(ContentType.JSON).body(body).post("/api/v1/subscriptions").then().statusCode(201)
                .extract().path("id");
    }

    /** Posts usage events of the meter, at the instants, each with the value (ignored by COUNT). */
    public static void usageEvents(String meterSlug, String subject, List<Instant> times, List<String> values) {
        List<Map<String, Object>> events = new ArrayList<>();
        for (int i = 0; i < times.size(); i++) {
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("model", "m1");
            data.put("value", values.get(i));
            events.add(TestApi.event("usage-" + meterSlug, subject, times.get(i).toString(), data));
        }
        admin().contentType(CLOUDEVENT_BATCH).body(events).post("/api/v1/events").then().statusCode(204);
    }

    /** Waits until the meter's all-time total for the subject is the value. */
    public static void awaitTotal(String meterSlug, String subject, String expected) {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() -> {
            List<BigDecimal> values = admin().get("/api/v1/meters/" + meterSlug + "/query?subject=" + subject)
                    .then().statusCode(200).extract().jsonPath().getList("data.value", BigDecimal.class);
            return values.size() == 1 && values.get(0).compareTo(new BigDecimal(expected)) == 0;
        });
    }

    public static JsonPath run() {
        return admin().post("/api/v1/billing/runs").then().statusCode(200).extract().jsonPath();
    }

    /** The customer's invoices that are not gathering, oldest first, with lines. */
    public static List<Map<String, Object>> invoices(String customerId) {
        return admin().get("/api/v1/billing/invoices?expand=lines&customers=" + customerId
                + "&statuses=draft&statuses=issuing&statuses=issued&statuses=payment_processing&statuses=paid"
                + "&statuses=overdue"
                + "&statuses=voided&statuses=uncollectible").then().statusCode(200).extract().jsonPath()
                .getList("items");
    }

    public static ValidatableResponse invoice(String id) {
        return admin().get("/api/v1/billing/invoices/" + id).then().statusCode(200);
    }

    /** Midnight UTC after the next whole day: a start that the clock reaches only when a test moves it there. */
    public static Instant nextDay() {
        return dev.tollgate.app.TestTime.now().truncatedTo(ChronoUnit.DAYS).plus(Duration.ofDays(2));
    }

    public static Instant plusMonths(Instant instant, int months) {
        return instant.atZone(java.time.ZoneOffset.UTC).plusMonths(months).toInstant();
    }

    public static Map<String, Object> map(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }

    @SuppressWarnings("unchecked")
    public static <T> T path(Object root, Object... path) {
        Object at = root;
        for (Object step : path) {
            at = step instanceof Integer i ? ((List<Object>) at).get(i) : ((Map<String, Object>) at).get(step);
        }
        return (T) at;
    }
}
