package dev.tollgate.app;

import static dev.tollgate.app.TestApi.PROBLEM;
import static dev.tollgate.app.TestApi.admin;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * Versioned plans over OpenMeter's v1 API: the seed scenarios (a Free plan with a monthly request quota, a Pro plan
 * with a trial, per-request pricing and token buckets) built and published end to end, the version lifecycle, and
 * every invalid definition, each named by its JSON path.
 */
@QuarkusTest
class PlansApiTest {

    /** The features the scenarios price: requests and tokens are metered, priority support is static. */
    record Features(String requests, String inputTokens, String outputTokens, String support) {

        static Features create() {
            String requestMeter = FeaturesApiTest.requestMeter();
            String tokenMeter = FeaturesApiTest.tokenMeter();
            return new Features(FeaturesApiTest.createFeature("api_requests", requestMeter),
                    FeaturesApiTest.createFeature("input_tokens", tokenMeter),
                    FeaturesApiTest.createFeature("output_tokens", tokenMeter),
                    FeaturesApiTest.createFeature("priority_support", null));
        }
    }

    /** Free forever: 100 requests a month, then a hard stop; nothing is charged. */
    static Map<String, Object> freePlan(String key, Features f) {
        return map("key", key, "name", "Free", "currency", "USD", "billingCadence", "P1M",
                "phases", list(map("key", "free", "name", "Free", "duration", null, "rateCards", list(
                        map("type", "usage_based", "key", f.requests(), "name", "API requests",
                                "featureKey", f.requests(), "billingCadence", "P1M", "price", null,
                                "entitlementTemplate", map("type", "metered", "issueAfterReset", 100,
                                        "usagePeriod", "P1M", "isSoftLimit", false, "thresholds", list(
                                                map("type", "PERCENT", "value", 80),
                                                map("type", "PERCENT", "value", 100))))))));
    }

    /**
     * Pro: a 14-day trial with 1000 free requests, then a monthly fee, per-request pricing with 1000 free requests
     * and a 10 USD minimum, input tokens in buckets of 1M at 5 USD, output tokens in graduated tiers capped at
     * 500 USD, and priority support.
     */
    static Map<String, Object> proPlan(String key, Features f) {
        Map<String, Object> trial = map("key", "trial", "name", "Trial", "duration", "P14D", "rateCards", list(
                map("type", "usage_based", "key", f.requests(), "name", "API requests", "featureKey", f.requests(),
                        "billingCadence", "P1M", "price", null,
                        "entitlementTemplate", map("type", "metered", "issueAfterReset", 1000))));
        Map<String, Object> standard = map("key", "standard", "name", "Standard", "duration", null, "rateCards", list(
                map("type", "flat_fee", "key", "platform_fee", "name", "Platform fee", "billingCadence", "P1M",
                        "price", map("type", "flat", "amount", "29", "paymentTerm", "in_advance")),
                map("type", "usage_based", "key", f.requests(), "name", "API requests", "featureKey", f.requests(),
                        "billingCadence", "P1M",
                        "price", map("type", "unit", "amount", "0.001", "minimumAmount", "10"),
                        "discounts", map("usage", map("quantity", "1000")),
                        "entitlementTemplate", map("type", "metered", "issueAfterReset", 100000,
                                "isSoftLimit", true)),
                map("type", "usage_based", "key", f.inputTokens(), "name", "Input tokens",
                        "featureKey", f.inputTokens(), "billingCadence", "P1M",
                        "price", map("type", "package", "amount", "5", "quantityPerPackage", "1000000")),
                map("type", "usage_based", "key", f.outputTokens(), "name", "Output tokens",
                        "featureKey", f.outputTokens(), "billingCadence", "P1M",
                        "price", map("type", "tiered", "mode", "graduated", "maximumAmount", "500", "tiers", list(
                                map("upToAmount", "1000000", "flatPrice", null,
                                        "unitPrice", map("type", "unit", "amount", "0.000015")),
                                map("upToAmount", null, "flatPrice", null,
                                        "unitPrice", map("type", "unit", "amount", "0.00001")))),
                        "discounts", map("percentage", map("percentage", 10))),
                map("type", "flat_fee", "key", f.support(), "name", "Priority support", "featureKey", f.support(),
                        "billingCadence", "P1M", "price", null,
                        "entitlementTemplate", map("type", "boolean"))));
        return map("key", key, "name", "Pro", "description", "For teams", "currency", "USD",
                "billingCadence", "P1M", "phases", list(trial, standard));
    }

    @Test
    void freeAndProPlansAreBuiltAndPublishedEndToEnd() {
        Features f = Features.create();
        String freeKey = FeaturesApiTest.uniqueKey("free");
        String free = admin().contentType(ContentType.JSON).body(freePlan(freeKey, f)).post("/api/v1/plans").then()
                .statusCode(201)
                .body("id", matchesPattern("[0-9A-HJKMNP-TV-Z]{26}"))
                .body("key", equalTo(freeKey))
                .body("version", equalTo(1))
                .body("status", equalTo("draft"))
                .body("currency", equalTo("USD"))
                .body("billingCadence", equalTo("P1M"))
                .body("proRatingConfig.enabled", equalTo(true))
                .body("proRatingConfig.mode", equalTo("prorate_prices"))
                .body("effectiveFrom", nullValue())
                .body("validationErrors", nullValue())
                .body("phases[0]", hasKey("duration"))
                .body("phases[0].duration", nullValue())
                .body("phases[0].rateCards[0].type", equalTo("usage_based"))
                .body("phases[0].rateCards[0]", hasKey("price"))
                .body("phases[0].rateCards[0].price", nullValue())
                .body("phases[0].rateCards[0].entitlementTemplate.type", equalTo("metered"))
                .body("phases[0].rateCards[0].entitlementTemplate.issueAfterReset", equalTo(100))
                .body("phases[0].rateCards[0].entitlementTemplate.isSoftLimit", equalTo(false))
                .body("phases[0].rateCards[0].entitlementTemplate.usagePeriod", equalTo("P1M"))
                .body("phases[0].rateCards[0].entitlementTemplate.thresholds.type", equalTo(List.of("PERCENT",
                        "PERCENT")))
                .body("phases[0].rateCards[0].entitlementTemplate.thresholds.value", equalTo(List.of(80, 100)))
                .extract().path("id");
        admin().post("/api/v1/plans/" + free + "/publish").then().statusCode(200)
                .body("status", equalTo("active"))
                .body("effectiveFrom", notNullValue())
                .body("effectiveTo", nullValue());

        String proKey = FeaturesApiTest.uniqueKey("pro");
        String pro = admin().contentType(ContentType.JSON).body(proPlan(proKey, f)).post("/api/v1/plans").then()
                .statusCode(201)
                .body("description", equalTo("For teams"))
                .body("phases.key", equalTo(List.of("trial", "standard")))
                .body("phases[0].duration", equalTo("P14D"))
                .body("phases[0].rateCards[0].entitlementTemplate.usagePeriod", equalTo("P1M"))
                .body("phases[1].rateCards[0].billingCadence", equalTo("P1M"))
                .body("phases[1].rateCards[0].price.type", equalTo("flat"))
                .body("phases[1].rateCards[0].price.amount", equalTo("29"))
                .body("phases[1].rateCards[0].price.paymentTerm", equalTo("in_advance"))
                .body("phases[1].rateCards[1].price.type", equalTo("unit"))
                .body("phases[1].rateCards[1].price.amount", equalTo("0.001"))
                .body("phases[1].rateCards[1].price.minimumAmount", equalTo("10"))
                .body("phases[1].rateCards[1].discounts.usage.quantity", equalTo("1000"))
                .body("phases[1].rateCards[1].entitlementTemplate.isSoftLimit", equalTo(true))
                .body("phases[1].rateCards[2].price.type", equalTo("package"))
                .body("phases[1].rateCards[2].price.amount", equalTo("5"))
                .body("phases[1].rateCards[2].price.quantityPerPackage", equalTo("1000000"))
                .body("phases[1].rateCards[3].price.mode", equalTo("graduated"))
                .body("phases[1].rateCards[3].price.maximumAmount", equalTo("500"))
                .body("phases[1].rateCards[3].price.tiers[0].upToAmount", equalTo("1000000"))
                .body("phases[1].rateCards[3].price.tiers[0].unitPrice.amount", equalTo("0.000015"))
                .body("phases[1].rateCards[3].price.tiers[1].upToAmount", nullValue())
                .body("phases[1].rateCards[3].discounts.percentage.percentage", equalTo(10))
                .body("phases[1].rateCards[4].entitlementTemplate.type", equalTo("boolean"))
                .extract().path("id");
        admin().post("/api/v1/plans/" + pro + "/publish").then().statusCode(200).body("status", equalTo("active"));

        admin().get("/api/v1/plans/" + pro).then().statusCode(200)
                .body("phases[1].rateCards[1].price.amount", equalTo("0.001"));
        admin().get("/api/v1/plans?key=" + freeKey + "&key=" + proKey + "&status=active").then().statusCode(200)
                .body("totalCount", equalTo(2))
                .body("items.key", hasItems(freeKey, proKey));
    }

    @Test
    void publishedVersionIsImmutableAndNextVersionReplacesIt() {
        Features f = Features.create();
        String key = FeaturesApiTest.uniqueKey("pro");
        String v1 = create(proPlan(key, f));
        admin().post("/api/v1/plans/" + v1 + "/publish").then().statusCode(200);

        Map<String, Object> changed = proPlan(key, f);
        at(changed, "phases", 1, "rateCards", 1, "price").put("amount", "0.002");
        admin().contentType(ContentType.JSON).body(changed).put("/api/v1/plans/" + v1).then()
                .statusCode(400).contentType(PROBLEM)
                .body("detail", containsString("active"))
                .body("extensions.validationErrors.field", hasItem("status"));
        admin().post("/api/v1/plans/" + v1 + "/publish").then().statusCode(400).contentType(PROBLEM)
                .body("extensions.validationErrors.field", hasItem("status"));

        String v2 = admin().post("/api/v1/plans/" + key + "/next").then().statusCode(201)
                .body("version", equalTo(2))
                .body("status", equalTo("draft"))
                .body("phases[1].rateCards[1].price.amount", equalTo("0.001"))
                .extract().path("id");
        admin().contentType(ContentType.JSON).body(changed).put("/api/v1/plans/" + v2).then().statusCode(200)
                .body("phases[1].rateCards[1].price.amount", equalTo("0.002"));
        admin().get("/api/v1/plans/" + key).then().statusCode(200).body("version", equalTo(1));
        admin().get("/api/v1/plans/" + key + "?includeLatest=true").then().statusCode(200).body("version", equalTo(2));

        String publishedAt = admin().post("/api/v1/plans/" + v2 + "/publish").then().statusCode(200)
                .body("status", equalTo("active"))
                .extract().path("effectiveFrom");
        admin().get("/api/v1/plans/" + v1).then().statusCode(200)
                .body("status", equalTo("archived"))
                .body("effectiveTo", equalTo(publishedAt))
                .body("phases[1].rateCards[1].price.amount", equalTo("0.001"));
        admin().get("/api/v1/plans/" + key).then().statusCode(200).body("id", equalTo(v2));
        admin().get("/api/v1/plans?key=" + key + "&status=archived").then().statusCode(200)
                .body("totalCount", equalTo(1)).body("items[0].id", equalTo(v1));
        admin().get("/api/v1/plans?keyVersion[" + key + "]=2").then().statusCode(200)
                .body("totalCount", equalTo(1)).body("items[0].id", equalTo(v2));
    }

    @Test
    void aKeyHasOneDraftAndPostingAPublishedKeyStartsItsNextVersion() {
        Features f = Features.create();
        String key = FeaturesApiTest.uniqueKey("free");
        String v1 = create(freePlan(key, f));

        admin().contentType(ContentType.JSON).body(freePlan(key, f)).post("/api/v1/plans").then()
                .statusCode(400).contentType(PROBLEM)
                .body("detail", containsString(v1))
                .body("extensions.validationErrors.field", hasItem("key"));
        admin().post("/api/v1/plans/" + key + "/next").then().statusCode(400).contentType(PROBLEM);

        admin().post("/api/v1/plans/" + v1 + "/publish").then().statusCode(200);
        admin().contentType(ContentType.JSON).body(freePlan(key, f)).post("/api/v1/plans").then()
                .statusCode(201).body("version", equalTo(2)).body("status", equalTo("draft"));
    }

    @Test
    void activeVersionsAreArchivedBeforeTheyAreDeleted() {
        Features f = Features.create();
        String key = FeaturesApiTest.uniqueKey("free");
        String id = create(freePlan(key, f));
        admin().post("/api/v1/plans/" + id + "/archive").then().statusCode(400).contentType(PROBLEM)
                .body("detail", containsString("draft"));
        admin().post("/api/v1/plans/" + id + "/publish").then().statusCode(200);

        admin().delete("/api/v1/plans/" + id).then().statusCode(400).contentType(PROBLEM)
                .body("detail", containsString("archive"));
        admin().post("/api/v1/plans/" + id + "/archive").then().statusCode(200)
                .body("status", equalTo("archived")).body("effectiveTo", notNullValue());
        admin().delete("/api/v1/plans/" + id).then().statusCode(204);

        admin().get("/api/v1/plans/" + id).then().statusCode(200).body("deletedAt", notNullValue());
        admin().get("/api/v1/plans/" + key).then().statusCode(404).contentType(PROBLEM);
        admin().get("/api/v1/plans?key=" + key).then().body("totalCount", equalTo(0));
        admin().get("/api/v1/plans?key=" + key + "&includeDeleted=true").then().body("items.id", hasItem(id));
        admin().delete("/api/v1/plans/" + id).then().statusCode(404);
        admin().post("/api/v1/plans/" + key + "/next").then().statusCode(404);
    }

    @Test
    void keyAndCurrencyAreFixedOnceTheVersionExists() {
        Features f = Features.create();
        String key = FeaturesApiTest.uniqueKey("free");
        String id = create(freePlan(key, f));
        Map<String, Object> changed = freePlan(key, f);
        changed.put("key", FeaturesApiTest.uniqueKey("other"));
        changed.put("currency", "EUR");
        admin().contentType(ContentType.JSON).body(changed).put("/api/v1/plans/" + id).then()
                .statusCode(400).contentType(PROBLEM)
                .body("extensions.validationErrors.field", hasItems("key", "currency"));

        Map<String, Object> renamed = freePlan(key, f);
        renamed.remove("key");
        renamed.remove("currency");
        renamed.put("name", "Free forever");
        admin().contentType(ContentType.JSON).body(renamed).put("/api/v1/plans/" + id).then().statusCode(200)
                .body("name", equalTo("Free forever")).body("key", equalTo(key)).body("currency", equalTo("USD"));
    }

    @Test
    void archivedFeaturesStayInPublishedVersionsButCannotBeUsedByNewOnes() {
        Features f = Features.create();
        String published = create(freePlan(FeaturesApiTest.uniqueKey("free"), f));
        admin().post("/api/v1/plans/" + published + "/publish").then().statusCode(200);
        String draft = create(freePlan(FeaturesApiTest.uniqueKey("free"), f));

        admin().delete("/api/v1/features/" + f.requests()).then().statusCode(204);

        admin().get("/api/v1/plans/" + published).then().statusCode(200)
                .body("status", equalTo("active"))
                .body("validationErrors", nullValue())
                .body("phases[0].rateCards[0].featureKey", equalTo(f.requests()));
        admin().get("/api/v1/plans/" + draft).then().statusCode(200)
                .body("validationErrors.field", hasItem("phases[0].rateCards[0].featureKey"))
                .body("validationErrors.code", hasItem("archived"));
        admin().post("/api/v1/plans/" + draft + "/publish").then().statusCode(400).contentType(PROBLEM)
                .body("extensions.validationErrors.field", hasItem("phases[0].rateCards[0].featureKey"))
                .body("detail", containsString("archived"));
        reject(freePlan(FeaturesApiTest.uniqueKey("free"), f), "phases[0].rateCards[0].featureKey");
    }

    @Test
    void aPhaseNeedsARateCardToBePublished() {
        Features f = Features.create();
        Map<String, Object> plan = freePlan(FeaturesApiTest.uniqueKey("free"), f);
        at(plan, "phases", 0).put("rateCards", list());
        String id = admin().contentType(ContentType.JSON).body(plan).post("/api/v1/plans").then().statusCode(201)
                .body("validationErrors.field", hasItem("phases[0].rateCards"))
                .extract().path("id");

        admin().post("/api/v1/plans/" + id + "/publish").then().statusCode(400).contentType(PROBLEM)
                .body("extensions.validationErrors.field", hasItem("phases[0].rateCards"));
    }

    @Test
    void listPagesAndValidatesItsParameters() {
        Features f = Features.create();
        String key = FeaturesApiTest.uniqueKey("free");
        String v1 = create(freePlan(key, f));
        admin().post("/api/v1/plans/" + v1 + "/publish").then().statusCode(200);
        String v2 = admin().post("/api/v1/plans/" + key + "/next").then().statusCode(201).extract().path("id");

        admin().get("/api/v1/plans?key=" + key + "&pageSize=1&orderBy=version&order=DESC").then().statusCode(200)
                .body("totalCount", equalTo(2))
                .body("page", equalTo(1))
                .body("pageSize", equalTo(1))
                .body("items", hasSize(1))
                .body("items[0].id", equalTo(v2));
        admin().get("/api/v1/plans?key=" + key + "&status=draft&currency=USD").then().statusCode(200)
                .body("items.id", equalTo(List.of(v2)));
        admin().get("/api/v1/plans?key=" + key + "&currency=EUR").then().body("totalCount", equalTo(0));
        admin().get("/api/v1/plans?status=retired").then().statusCode(400).contentType(PROBLEM)
                .body("extensions.validationErrors.field", hasItem("status"));
        admin().get("/api/v1/plans?page=0").then().statusCode(400).contentType(PROBLEM)
                .body("extensions.validationErrors.field", hasItem("page"));
        // A page whose row offset would overflow is a client's mistake, not a server error.
        admin().get("/api/v1/plans?page=2147483647").then().statusCode(400).contentType(PROBLEM)
                .body("extensions.validationErrors.field", hasItem("page"));
        admin().get("/api/v1/features?page=2147483647").then().statusCode(400).contentType(PROBLEM)
                .body("extensions.validationErrors.field", hasItem("page"));
        admin().get("/api/v1/plans?keyVersion[" + key + "]=first").then().statusCode(400).contentType(PROBLEM);
    }

    @Test
    void unknownPlansAreNotFound() {
        String nothing = FeaturesApiTest.uniqueKey("nothing");
        admin().get("/api/v1/plans/" + nothing).then().statusCode(404).contentType(PROBLEM);
        admin().post("/api/v1/plans/" + nothing + "/publish").then().statusCode(404).contentType(PROBLEM);
        admin().post("/api/v1/plans/" + nothing + "/next").then().statusCode(404).contentType(PROBLEM);
        admin().contentType(ContentType.JSON).body("{\"key\":").post("/api/v1/plans").then()
                .statusCode(400).contentType(PROBLEM);
    }

    // --- Invalid definitions: each is refused with 400 problem+json naming the field's JSON path. ---

    private static Features shared;

    @Test
    void invalidPricesAreNamed() {
        rejectPro(p -> tiers(p).get(1).put("upToAmount", "500"), "phases[1].rateCards[3].price.tiers[1].upToAmount");
        rejectPro(p -> tiers(p).add(1, map("upToAmount", "1000000", "unitPrice", map("type", "unit",
                "amount", "0.00001"))), "phases[1].rateCards[3].price.tiers[1].upToAmount");
        rejectPro(p -> tiers(p).get(1).put("upToAmount", "2000000"),
                "phases[1].rateCards[3].price.tiers[1].upToAmount");
        rejectPro(p -> tiers(p).get(0).put("unitPrice", null), "phases[1].rateCards[3].price.tiers[0]");
        rejectPro(p -> price(p, 3).put("mode", "stairs"), "phases[1].rateCards[3].price.mode");
        rejectPro(p -> price(p, 2).put("quantityPerPackage", "0"), "phases[1].rateCards[2].price.quantityPerPackage");
        rejectPro(p -> price(p, 2).put("quantityPerPackage", "-1000"),
                "phases[1].rateCards[2].price.quantityPerPackage");
        rejectPro(p -> price(p, 1).put("amount", "-0.001"), "phases[1].rateCards[1].price.amount");
        rejectPro(p -> price(p, 1).remove("amount"), "phases[1].rateCards[1].price.amount");
        rejectPro(p -> price(p, 1).put("amount", "a tenth of a cent"), "phases[1].rateCards[1].price.amount");
        rejectPro(p -> price(p, 1).put("maximumAmount", "5"), "phases[1].rateCards[1].price.minimumAmount");
        rejectPro(p -> price(p, 0).put("amount", "-29"), "phases[1].rateCards[0].price.amount");
        rejectPro(p -> price(p, 0).put("paymentTerm", "monthly"), "phases[1].rateCards[0].price.paymentTerm");
        rejectPro(p -> price(p, 0).put("type", "unit"), "phases[1].rateCards[0].price.type");
        rejectPro(p -> price(p, 1).put("type", "per_seat"), "phases[1].rateCards[1].price.type");
        rejectPro(p -> card(p, 3).put("price", map("type", "dynamic", "multiplier", "-1")),
                "phases[1].rateCards[3].price.multiplier");
    }

    @Test
    void invalidDiscountsAreNamed() {
        rejectPro(p -> card(p, 3).put("discounts", map("percentage", map("percentage", 150))),
                "phases[1].rateCards[3].discounts.percentage.percentage");
        rejectPro(p -> card(p, 1).put("discounts", map("usage", map("quantity", "-5"))),
                "phases[1].rateCards[1].discounts.usage.quantity");
        rejectPro(p -> card(p, 0).put("discounts", map("usage", map("quantity", "5"))),
                "phases[1].rateCards[0].discounts.usage");
        rejectPro(p -> card(p, 4).put("discounts", map("percentage", map("percentage", 10))),
                "phases[1].rateCards[4].discounts");
    }

    @Test
    void invalidPlansAndPhasesAreNamed() {
        rejectPro(p -> p.put("currency", "ABC"), "currency");
        rejectPro(p -> p.put("billingCadence", "monthly"), "billingCadence");
        rejectPro(p -> p.put("billingCadence", "P2M"), "billingCadence");
        rejectPro(p -> p.remove("billingCadence"), "billingCadence");
        rejectPro(p -> p.put("key", "Pro Plan"), "key");
        rejectPro(p -> p.remove("name"), "name");
        rejectPro(p -> p.put("phases", list()), "phases");
        rejectPro(p -> p.remove("phases"), "phases");
        rejectPro(p -> at(p, "phases", 0).put("duration", null), "phases[0].duration");
        rejectPro(p -> at(p, "phases", 0).put("duration", "two weeks"), "phases[0].duration");
        rejectPro(p -> at(p, "phases", 0).put("duration", "PT30M"), "phases[0].duration");
        rejectPro(p -> at(p, "phases", 1).put("duration", "P1Y"), "phases[1].duration");
        rejectPro(p -> at(p, "phases", 1).put("key", "trial"), "phases[1].key");
        rejectPro(p -> p.put("proRatingConfig", map("enabled", true, "mode", "prorate_days")),
                "proRatingConfig.mode");
    }

    @Test
    void invalidRateCardsAreNamed() {
        rejectPro(p -> card(p, 1).remove("featureKey"), "phases[1].rateCards[1].featureKey");
        rejectPro(p -> card(p, 1).put("key", "requests"), "phases[1].rateCards[1].key");
        rejectPro(p -> cards(p).add(card(p, 2)), "phases[1].rateCards[5].key");
        rejectPro(p -> card(p, 1).put("type", "per_seat"), "phases[1].rateCards[1].type");
        rejectPro(p -> card(p, 1).remove("billingCadence"), "phases[1].rateCards[1].billingCadence");
        rejectPro(p -> card(p, 1).put("billingCadence", "P1W"), "phases[1].rateCards[1].billingCadence");
        rejectPro(p -> card(p, 1).put("billingCadence", "PT1M"), "phases[1].rateCards[1].billingCadence");
        rejectPro(p -> card(p, 0).put("entitlementTemplate", map("type", "boolean")),
                "phases[1].rateCards[0].featureKey");
        rejectPro(p -> template(p, 1).remove("issueAfterReset"),
                "phases[1].rateCards[1].entitlementTemplate.issueAfterReset");
        rejectPro(p -> template(p, 1).put("issueAfterResetPriority", 0),
                "phases[1].rateCards[1].entitlementTemplate.issueAfterResetPriority");
        rejectPro(p -> template(p, 1).put("usagePeriod", "every month"),
                "phases[1].rateCards[1].entitlementTemplate.usagePeriod");
        rejectPro(p -> template(p, 1).put("type", "unlimited"), "phases[1].rateCards[1].entitlementTemplate.type");
        rejectPro(p -> template(p, 1).put("thresholds", list(map("type", "HALF", "value", 50))),
                "phases[1].rateCards[1].entitlementTemplate.thresholds[0].type");
        rejectPro(p -> template(p, 1).put("thresholds", list(map("type", "PERCENT", "value", 0))),
                "phases[1].rateCards[1].entitlementTemplate.thresholds[0].value");
        rejectPro(p -> template(p, 1).put("thresholds", list(map("type", "NUMBER", "value", 5),
                map("type", "NUMBER", "value", "5.0"))), "phases[1].rateCards[1].entitlementTemplate.thresholds[1]");
        rejectPro(p -> card(p, 4).put("entitlementTemplate", map("type", "static", "config", "{seats: 5")),
                "phases[1].rateCards[4].entitlementTemplate.config");
    }

    @Test
    void staticEntitlementTemplatesTakeAJsonObject() {
        Features f = Features.create();
        Map<String, Object> plan = proPlan(FeaturesApiTest.uniqueKey("pro"), f);
        at(plan, "phases", 1, "rateCards", 4).put("entitlementTemplate",
                map("type", "static", "config", map("seats", 5)));
        admin().contentType(ContentType.JSON).body(plan).post("/api/v1/plans").then().statusCode(201)
                .body("phases[1].rateCards[4].entitlementTemplate.config", equalTo("{\"seats\":5}"));
    }

    @Test
    void featureReferencesAreNamed() {
        rejectPro(p -> {
            String unknown = FeaturesApiTest.uniqueKey("unknown");
            card(p, 1).put("key", unknown);
            card(p, 1).put("featureKey", unknown);
        }, "phases[1].rateCards[1].featureKey");
        rejectPro(p -> {
            card(p, 1).put("key", shared.support());
            card(p, 1).put("featureKey", shared.support());
            cards(p).remove(4);
        }, "phases[1].rateCards[1].featureKey");
        rejectPro(p -> {
            card(p, 4).put("entitlementTemplate", map("type", "metered", "issueAfterReset", 1));
        }, "phases[1].rateCards[4].entitlementTemplate.type");
    }

    private static void rejectPro(Consumer<Map<String, Object>> change, String field) {
        if (shared == null) {
            shared = Features.create();
        }
        Map<String, Object> plan = proPlan(FeaturesApiTest.uniqueKey("pro"), shared);
        change.accept(plan);
        reject(plan, field);
    }

    private static ValidatableResponse reject(Map<String, Object> plan, String field) {
        return admin().contentType(ContentType.JSON).body(plan).post("/api/v1/plans").then()
                .statusCode(400).contentType(PROBLEM)
                .body("detail", containsString(field))
                .body("extensions.validationErrors.field", hasItem(field));
    }

    private static String create(Map<String, Object> plan) {
        return admin().contentType(ContentType.JSON).body(plan).post("/api/v1/plans").then().statusCode(201)
                .extract().path("id");
    }

    // --- Building and changing plan bodies ---

    static Map<String, Object> map(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }

    static List<Object> list(Object... items) {
        return new ArrayList<>(List.of(items));
    }

    /** The object at a path of keys and indexes, such as {@code "phases", 1, "rateCards", 0}. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> at(Map<String, Object> root, Object... path) {
        Object node = root;
        for (Object step : path) {
            node = step instanceof Integer index ? ((List<Object>) node).get(index) : ((Map<String, Object>) node)
                    .get(step);
        }
        return (Map<String, Object>) node;
    }

    @SuppressWarnings("unchecked")
    private static List<Object> cards(Map<String, Object> plan) {
        return (List<Object>) at(plan, "phases", 1).get("rateCards");
    }

    private static Map<String, Object> card(Map<String, Object> plan, int index) {
        return at(plan, "phases", 1, "rateCards", index);
    }

    private static Map<String, Object> price(Map<String, Object> plan, int card) {
        return at(plan, "phases", 1, "rateCards", card, "price");
    }

    private static Map<String, Object> template(Map<String, Object> plan, int card) {
        return at(plan, "phases", 1, "rateCards", card, "entitlementTemplate");
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> tiers(Map<String, Object> plan) {
        return (List<Map<String, Object>>) price(plan, 3).get("tiers");
    }
}
