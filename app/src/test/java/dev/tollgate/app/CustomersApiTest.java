package dev.tollgate.app;

import static dev.tollgate.app.TestApi.PROBLEM;
import static dev.tollgate.app.TestApi.admin;
import static dev.tollgate.app.TestApi.uniqueSubject;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Customers over OpenMeter's v1 API: CRUD, pagination, subject attribution, the parent hierarchy and validation. */
@QuarkusTest
class CustomersApiTest {

    static String uniqueKey() {
        return "cust-" + UUID.randomUUID();
    }

    static Map<String, Object> customer(String key, String... subjects) {
        Map<String, Object> customer = new LinkedHashMap<>();
        customer.put("key", key);
        customer.put("name", "Customer " + key);
        customer.put("usageAttribution", Map.of("subjectKeys", List.of(subjects)));
        return customer;
    }

    static ValidatableResponse create(Map<String, Object> customer) {
        return admin().contentType(ContentType.JSON).body(customer).post("/api/v1/customers").then();
    }

    static String createId(Map<String, Object> customer) {
        return create(customer).statusCode(201).extract().path("id");
    }

    static ValidatableResponse replace(String idOrKey, Map<String, Object> customer) {
        return admin().contentType(ContentType.JSON).body(customer).put("/api/v1/customers/" + idOrKey).then();
    }

    @Test
    void createdCustomerIsReadByIdAndKey() {
        String key = uniqueKey();
        String subject = uniqueSubject();
        Map<String, Object> acme = customer(key, subject);
        acme.put("description", "Our first customer");
        acme.put("primaryEmail", "billing@acme.example");
        acme.put("currency", "EUR");
        acme.put("billingAddress", Map.of("country", "DE", "city", "Berlin", "line1", "Unter den Linden 1"));
        acme.put("metadata", Map.of("crm", "42"));
        acme.put("external", Map.of("stripeCustomerId", "cus_NffrFeUfNV2Hib"));

        String id = create(acme).statusCode(201)
                .body("id", matchesPattern("[0-9A-HJKMNP-TV-Z]{26}"))
                .body("key", equalTo(key))
                .body("name", equalTo("Customer " + key))
                .body("primaryEmail", equalTo("billing@acme.example"))
                .body("currency", equalTo("EUR"))
                .body("billingAddress.country", equalTo("DE"))
                .body("billingAddress.line1", equalTo("Unter den Linden 1"))
                .body("usageAttribution.subjectKeys", equalTo(List.of(subject)))
                .body("metadata.crm", equalTo("42"))
                .body("external.stripeCustomerId", equalTo("cus_NffrFeUfNV2Hib"))
                .body("createdAt", notNullValue())
                .body("deletedAt", nullValue())
                .extract().path("id");

        admin().get("/api/v1/customers/" + id).then().statusCode(200).body("key", equalTo(key));
        admin().get("/api/v1/customers/" + key).then().statusCode(200).body("id", equalTo(id));
        admin().get("/api/v1/customers/" + uniqueKey()).then().statusCode(404).contentType(PROBLEM);
    }

    @Test
    void subjectKeysMayBeEmptyButUsageAttributionIsRequired() {
        create(customer(uniqueKey())).statusCode(201).body("usageAttribution.subjectKeys", hasSize(0));
    }

    @Test
    void putReplacesTheWholeCustomer() {
        String key = uniqueKey();
        String first = uniqueSubject();
        String second = uniqueSubject();
        Map<String, Object> before = customer(key, first);
        before.put("currency", "USD");
        before.put("metadata", Map.of("tier", "gold"));
        createId(before);

        Map<String, Object> after = customer(key, second);
        after.put("name", "Renamed");
        replace(key, after).statusCode(200)
                .body("name", equalTo("Renamed"))
                .body("currency", nullValue())
                .body("metadata", nullValue())
                .body("usageAttribution.subjectKeys", equalTo(List.of(second)));

        // The subject it gave up is free for another customer.
        create(customer(uniqueKey(), first)).statusCode(201);
        replace(uniqueKey(), customer(uniqueKey())).statusCode(404).contentType(PROBLEM);
    }

    @Test
    void listIsPaginatedFilteredAndOrdered() {
        String tag = UUID.randomUUID().toString();
        String subject = uniqueSubject();
        List<String> ids = new ArrayList<>();
        for (String name : List.of("b", "a", "c")) {
            Map<String, Object> c = customer(uniqueKey(), name.equals("c") ? new String[] {subject} : new String[0]);
            c.put("name", name + " " + tag);
            ids.add(createId(c));
        }

        admin().get("/api/v1/customers?name=" + tag.toUpperCase() + "&pageSize=2").then().statusCode(200)
                .body("totalCount", equalTo(3))
                .body("page", equalTo(1))
                .body("pageSize", equalTo(2))
                .body("items.name", equalTo(List.of("a " + tag, "b " + tag)));
        admin().get("/api/v1/customers?name=" + tag + "&pageSize=2&page=2").then().statusCode(200)
                .body("items.name", equalTo(List.of("c " + tag)));
        admin().get("/api/v1/customers?name=" + tag + "&orderBy=createdAt&order=DESC").then().statusCode(200)
                .body("items.id", equalTo(List.of(ids.get(2), ids.get(1), ids.get(0))));
        admin().get("/api/v1/customers?subject=" + subject.substring(8).toUpperCase()).then().statusCode(200)
                .body("items.id", equalTo(List.of(ids.get(2))));
        // % and _ are matched literally, not as wildcards.
        admin().queryParam("name", "%" + tag).get("/api/v1/customers").then().statusCode(200)
                .body("totalCount", equalTo(0));
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource({"page,0", "pageSize,1001", "pageSize,ten", "orderBy,email", "order,UP"})
    void badListParametersAreNamed(String parameter, String value) {
        admin().get("/api/v1/customers?" + parameter + "=" + value).then().statusCode(400).contentType(PROBLEM)
                .body("extensions.validationErrors.field", hasItem(parameter));
    }

    @Test
    void aSubjectBelongsToOneCustomerAtATime() {
        String shared = uniqueSubject();
        String ownerKey = uniqueKey();
        String ownerId = createId(customer(ownerKey, shared));

        create(customer(uniqueKey(), uniqueSubject(), shared)).statusCode(409).contentType(PROBLEM)
                .body("detail", containsString(ownerId))
                .body("extensions.validationErrors.field", equalTo(List.of("usageAttribution.subjectKeys[1]")));

        String otherKey = uniqueKey();
        createId(customer(otherKey));
        replace(otherKey, customer(otherKey, shared)).statusCode(409).contentType(PROBLEM)
                .body("extensions.validationErrors.field", equalTo(List.of("usageAttribution.subjectKeys[0]")));
        // Re-sending a customer's own subjects is no conflict.
        replace(ownerKey, customer(ownerKey, shared)).statusCode(200);

        // A deleted customer's subjects are free again, and it still shows them.
        admin().delete("/api/v1/customers/" + ownerKey).then().statusCode(204);
        replace(otherKey, customer(otherKey, shared)).statusCode(200);
        admin().get("/api/v1/customers?includeDeleted=true&key=" + ownerKey).then().statusCode(200)
                .body("items[0].usageAttribution.subjectKeys", equalTo(List.of(shared)))
                .body("items[0].deletedAt", notNullValue());
    }

    @Test
    void racingClaimsOfOneSubjectHaveOneWinner() throws Exception {
        String subject = uniqueSubject();
        assertOneWinner(() -> customer(uniqueKey(), subject));
        admin().get("/api/v1/customers?subject=" + subject).then().body("totalCount", equalTo(1));
    }

    @Test
    void racingCreatesOfOneKeyHaveOneWinner() throws Exception {
        String key = uniqueKey();
        assertOneWinner(() -> customer(key));
        admin().get("/api/v1/customers?key=" + key).then().body("totalCount", equalTo(1));
    }

    /** Eight requests at once: exactly one is created, the others are conflicts, none is a 500. */
    private static void assertOneWinner(java.util.function.Supplier<Map<String, Object>> body) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<Integer>> attempts = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                attempts.add(() -> create(body.get()).extract().statusCode());
            }
            List<Integer> statuses = new ArrayList<>();
            for (Future<Integer> f : pool.invokeAll(attempts)) {
                statuses.add(f.get());
            }
            assertThat(statuses).containsOnly(201, 409);
            assertThat(statuses).filteredOn(s -> s == 201).hasSize(1);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aKeyNamesOneLiveCustomer() {
        String key = uniqueKey();
        String id = createId(customer(key));

        create(customer(key)).statusCode(409).contentType(PROBLEM)
                .body("extensions.validationErrors.field", equalTo(List.of("key")));
        admin().delete("/api/v1/customers/" + id).then().statusCode(204);
        admin().get("/api/v1/customers/" + key).then().statusCode(404);
        admin().get("/api/v1/customers/" + id).then().statusCode(200).body("deletedAt", notNullValue());
        admin().delete("/api/v1/customers/" + id).then().statusCode(404);
        admin().get("/api/v1/customers?key=" + key).then().body("totalCount", equalTo(0));
        admin().get("/api/v1/customers?key=" + key + "&includeDeleted=true").then().body("items.id", hasItem(id));
        create(customer(key)).statusCode(201).body("id", not(equalTo(id)));
    }

    @Test
    void subsidiariesHangOffAParent() {
        String parentKey = uniqueKey();
        String parentId = createId(customer(parentKey));
        Map<String, Object> child = customer(uniqueKey());
        child.put("parentCustomerId", parentKey);
        String childId = create(child).statusCode(201).body("parentCustomerId", equalTo(parentId)).extract().path("id");
        Map<String, Object> grandchild = customer(uniqueKey());
        grandchild.put("parentCustomerId", childId);
        String grandchildId = createId(grandchild);

        admin().get("/api/v1/customers/" + childId).then().body("parentCustomerId", equalTo(parentId));
        admin().delete("/api/v1/customers/" + parentId).then().statusCode(409).contentType(PROBLEM)
                .body("detail", containsString(childId));

        admin().delete("/api/v1/customers/" + grandchildId).then().statusCode(204);
        admin().delete("/api/v1/customers/" + childId).then().statusCode(204);
        admin().delete("/api/v1/customers/" + parentId).then().statusCode(204);
    }

    @Test
    void aCustomerCannotBeItsOwnAncestor() {
        String rootKey = uniqueKey();
        String rootId = createId(customer(rootKey));
        String childKey = uniqueKey();
        Map<String, Object> child = customer(childKey);
        child.put("parentCustomerId", rootId);
        String childId = createId(child);
        Map<String, Object> grandchild = customer(uniqueKey());
        grandchild.put("parentCustomerId", childId);
        String grandchildId = createId(grandchild);

        Map<String, Object> root = customer(rootKey);
        root.put("parentCustomerId", grandchildId);
        replace(rootKey, root).statusCode(400).contentType(PROBLEM)
                .body("detail", containsString("parentCustomerId"))
                .body("extensions.validationErrors.field", equalTo(List.of("parentCustomerId")))
                .body("extensions.validationErrors.code", equalTo(List.of("cycle")));
        root.put("parentCustomerId", rootKey);
        replace(rootKey, root).statusCode(400)
                .body("extensions.validationErrors.code", equalTo(List.of("cycle")));

        // Once the child leaves the root, the root may hang below the grandchild.
        replace(childKey, customer(childKey)).statusCode(200).body("parentCustomerId", nullValue());
        root.put("parentCustomerId", grandchildId);
        replace(rootKey, root).statusCode(200).body("parentCustomerId", equalTo(grandchildId));
    }

    @Test
    void anUnknownOrDeletedParentIsRefused() {
        rejectCreate(c -> c.put("parentCustomerId", uniqueKey()), "parentCustomerId");
        String gone = createId(customer(uniqueKey()));
        admin().delete("/api/v1/customers/" + gone).then().statusCode(204);
        rejectCreate(c -> c.put("parentCustomerId", gone), "parentCustomerId");
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', value = {
        "name|''",
        "key|'  '",
        "primaryEmail|not-an-email",
        "primaryEmail|a@b",
        "currency|XXX",
        "currency|usd",
        "currency|ABC",
        "currency|XAU",
        "parentCustomerId|''",
    })
    void invalidFieldsAreNamed(String field, String value) {
        rejectCreate(c -> c.put(field, value), field);
    }

    @Test
    void nestedFieldsAreNamedByTheirPath() {
        rejectCreate(c -> c.remove("name"), "name");
        rejectCreate(c -> c.remove("usageAttribution"), "usageAttribution");
        rejectCreate(c -> c.put("usageAttribution", Map.of()), "usageAttribution.subjectKeys");
        rejectCreate(c -> c.put("usageAttribution", Map.of("subjectKeys", List.of("a", ""))),
                "usageAttribution.subjectKeys[1]");
        rejectCreate(c -> c.put("usageAttribution", Map.of("subjectKeys", List.of("a", "b", "a"))),
                "usageAttribution.subjectKeys[2]");
        rejectCreate(c -> c.put("billingAddress", Map.of("country", "Germany")), "billingAddress.country");
        rejectCreate(c -> c.put("billingAddress", Map.of("city", "x".repeat(257))), "billingAddress.city");
        rejectCreate(c -> c.put("external", Map.of("stripeCustomerId", "")), "external.stripeCustomerId");
        rejectCreate(c -> c.put("metadata", Map.of("k", "v".repeat(1025))), "metadata.k");
    }

    @Test
    void wrongJsonTypesAreProblems() {
        Map<String, Object> c = new HashMap<>(customer(uniqueKey()));
        c.put("usageAttribution", Map.of("subjectKeys", "not-a-list"));
        create(c).statusCode(400).contentType(PROBLEM)
                .body("extensions.validationErrors.field", hasItem("usageAttribution.subjectKeys"));
    }

    @Test
    void malformedBodiesAreProblems() {
        admin().contentType(ContentType.JSON).body("{\"name\":").post("/api/v1/customers").then()
                .statusCode(400).contentType(PROBLEM);
        admin().contentType(ContentType.JSON).post("/api/v1/customers").then().statusCode(400).contentType(PROBLEM);
    }

    private static void rejectCreate(Consumer<Map<String, Object>> change, String field) {
        Map<String, Object> c = new HashMap<>(customer(uniqueKey(), uniqueSubject()));
        change.accept(c);
        create(c).statusCode(400).contentType(PROBLEM)
                .body("detail", containsString(field))
                .body("extensions.validationErrors.field", hasItem(field));
    }
}
