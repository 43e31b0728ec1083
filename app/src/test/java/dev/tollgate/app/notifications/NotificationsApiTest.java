package dev.tollgate.app.notifications;

import static dev.tollgate.app.TestApi.admin;
import static dev.tollgate.app.billing.Billing.map;
import static dev.tollgate.app.notifications.Notifications.threshold;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.startsWith;

import dev.tollgate.app.TestApi;
import dev.tollgate.app.billing.Billing;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Every notification endpoint in OpenMeter's shapes, and each kind of bad input answered with a named field. */
@QuarkusTest
class NotificationsApiTest {

    private static final String CHANNELS = "/api/v1/notification/channels";
    private static final String RULES = "/api/v1/notification/rules";
    private static final String EVENTS = "/api/v1/notification/events";

    @Inject
    AgroalDataSource dataSource;

    @AfterEach
    void deleteRules() {
        Notifications.deleteRules();
    }

    @Test
    void channelsAreMadeReadReplacedAndDeletedWithAGeneratedSecretKeptAcrossAReplace() {
        JsonPath created = admin().contentType(ContentType.JSON).body(map("type", "WEBHOOK", "name", "ops",
                "url", "http://127.0.0.1:9/hook", "customHeaders", Map.of("X-Team", "billing"), "metadata",
                Map.of("env", "test"))).post(CHANNELS).then().statusCode(201).extract().jsonPath();
        String id = created.getString("id");
        assertThat(created.getString("signingSecret")).startsWith("whsec_");
        assertThat(created.getBoolean("disabled")).isFalse();
        assertThat(created.getString("customHeaders.X-Team")).isEqualTo("billing");
        admin().get(CHANNELS + "/" + id).then().statusCode(200).body("url", org.hamcrest.Matchers.equalTo(
                "http://127.0.0.1:9/hook")).body("signingSecret", org.hamcrest.Matchers.equalTo(
                        created.getString("signingSecret")));

        JsonPath replaced = admin().contentType(ContentType.JSON).body(map("type", "WEBHOOK", "name", "ops 2",
                "url", "http://127.0.0.1:9/other", "disabled", true)).put(CHANNELS + "/" + id).then()
                .statusCode(200).extract().jsonPath();
        assertThat(replaced.getString("name")).isEqualTo("ops 2");
        assertThat(replaced.getBoolean("disabled")).isTrue();
        assertThat(replaced.getString("signingSecret")).isEqualTo(created.getString("signingSecret"));
        assertThat(admin().get(CHANNELS + "?pageSize=1000").then().statusCode(200).extract().jsonPath()
                .getList("items.id")).doesNotContain(id);
        assertThat(admin().get(CHANNELS + "?includeDisabled=true&pageSize=1000").then().statusCode(200).extract()
                .jsonPath().getList("items.id")).contains(id);

        admin().delete(CHANNELS + "/" + id).then().statusCode(204);
        admin().get(CHANNELS + "/" + id).then().statusCode(200).body("deletedAt", org.hamcrest.Matchers
                .notNullValue());
        problem(admin().contentType(ContentType.JSON).body(map("type", "WEBHOOK", "name", "x", "url",
                "http://127.0.0.1:9/")).put(CHANNELS + "/" + id), 409, "deleted");
        problem(admin().get(CHANNELS + "/01J5AVNM7H1PT65RDFWGXXPT47"), 404, "01J5AVNM7H1PT65RDFWGXXPT47");
    }

    @Test
    void aChannelWhoseSecretCannotBeOpenedIsShownWithoutItAndBreaksNoList() throws Exception {
        String id = Notifications.channel("http://127.0.0.1:9/other-key");
        try (Connection c = dataSource.getConnection(); PreparedStatement update = c.prepareStatement(
                "UPDATE notification_channels SET signing_secret = 'v1:deadbeef:AAAA' WHERE id = ?")) {
            update.setString(1, id);
            assertThat(update.executeUpdate()).isEqualTo(1);
        }
        admin().get(CHANNELS + "/" + id).then().statusCode(200).body("signingSecret", org.hamcrest.Matchers
                .nullValue());
        assertThat(admin().get(CHANNELS + "?pageSize=1000").then().statusCode(200).extract().jsonPath()
                .getList("items.id")).contains(id);
        admin().delete(CHANNELS + "/" + id).then().statusCode(204);
    }

    @Test
    void badChannelsAreRefusedNamingTheField() {
        problem(channel(map("type", "WEBHOOK", "name", "x", "url", "not a url")), 400, "url");
        problem(channel(map("type", "WEBHOOK", "name", "x", "url", "ftp://127.0.0.1/")), 400, "url");
        problem(channel(map("type", "WEBHOOK", "name", "x", "url", "http://user:pw@127.0.0.1/")), 400, "url");
        problem(channel(map("type", "WEBHOOK", "name", "x", "url", "http://no-such-host.invalid/")), 400, "url");
        problem(channel(map("type", "WEBHOOK", "name", "x", "url", "http://127.0.0.1/", "signingSecret",
                "not-a-secret")), 400, "signingSecret");
        problem(channel(map("type", "WEBHOOK", "name", "x", "url", "http://127.0.0.1/", "signingSecret",
                "MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")), 400, "signingSecret");
        problem(channel(map("type", "WEBHOOK", "name", "x", "url", "http://127.0.0.1/", "customHeaders",
                Map.of("webhook-signature", "v1,forged"))), 400, "customHeaders.webhook-signature");
        problem(channel(map("type", "EMAIL", "name", "x", "url", "http://127.0.0.1/")), 400, "type");
        problem(channel(map("type", "WEBHOOK", "url", "http://127.0.0.1/")), 400, "name");
        problem(admin().contentType(ContentType.JSON).body("{\"type\":").post(CHANNELS), 400, null);
    }

    @Test
    void rulesOfEveryTypeAreMadeAndShownWithTheirChannelsAndFeatures() {
        String channel = Notifications.channel("http://127.0.0.1:9/rules");
        String feature = Billing.feature(Billing.meter("COUNT"));
        JsonPath balance = admin().contentType(ContentType.JSON).body(map("type",
                "entitlements.balance.threshold", "name", "quota", "channels", List.of(channel), "features",
                List.of(feature), "thresholds", List.of(threshold("usage_percentage", 80), threshold("PERCENT", 100),
                        threshold("NUMBER", 5), threshold("usage_value", 7), threshold("balance_value", 0))))
                .post(RULES).then().statusCode(201).extract().jsonPath();
        assertThat(balance.getString("type")).isEqualTo("entitlements.balance.threshold");
        assertThat(balance.getList("channels.id")).containsExactly(channel);
        assertThat(balance.getList("channels.type")).containsExactly("WEBHOOK");
        assertThat(balance.getList("features.id")).containsExactly(feature);
        assertThat(balance.getList("thresholds.type")).containsExactly("usage_percentage", "PERCENT", "NUMBER",
                "usage_value", "balance_value");
        for (String type : List.of("entitlements.reset", "invoice.created", "invoice.updated")) {
            String made = Notifications.rule(map("type", type, "name", type, "channels", List.of(channel)));
            admin().get(RULES + "/" + made).then().statusCode(200).body("type", org.hamcrest.Matchers.equalTo(type));
        }
        String id = balance.getString("id");
        admin().get(RULES + "/" + id).then().statusCode(200).body("name", org.hamcrest.Matchers.equalTo("quota"));
        admin().contentType(ContentType.JSON).body(map("type", "entitlements.balance.threshold", "name", "quota 2",
                "channels", List.of(channel), "thresholds", List.of(threshold("usage_value", 10)))).put(RULES + "/"
                + id).then().statusCode(200).body("name", org.hamcrest.Matchers.equalTo("quota 2"));
        problem(admin().contentType(ContentType.JSON).body(map("type", "invoice.created", "name", "x", "channels",
                List.of(channel))).put(RULES + "/" + id), 400, "type");
        problem(admin().delete(CHANNELS + "/" + channel), 400, id);
        assertThat(admin().get(RULES + "?pageSize=1000").then().statusCode(200).extract().jsonPath()
                .getList("items.id")).contains(id);
        admin().delete(RULES + "/" + id).then().statusCode(204);
        assertThat(admin().get(RULES + "?pageSize=1000").then().statusCode(200).extract().jsonPath()
                .getList("items.id")).doesNotContain(id);
    }

    @Test
    void badRulesAreRefusedNamingTheField() {
        String channel = Notifications.channel("http://127.0.0.1:9/bad-rules");
        List<Map<String, Object>> eleven = new ArrayList<>();
        for (int i = 1; i <= 11; i++) {
            eleven.add(threshold("usage_value", i));
        }
        problem(rule(balanceRule(channel, List.of())), 400, "thresholds");
        problem(rule(balanceRule(channel, eleven)), 400, "thresholds");
        problem(rule(balanceRule(channel, List.of(threshold("usage_value", 0)))), 400, "thresholds[0].value");
        problem(rule(balanceRule(channel, List.of(threshold("balance_value", -1)))), 400, "thresholds[0].value");
        problem(rule(balanceRule(channel, List.of(threshold("percentage", 5)))), 400, "thresholds[0].type");
        problem(rule(balanceRule("01J5AVNM7H1PT65RDFWGXXPT47", List.of(threshold("usage_value", 1)))), 400,
                "channels");
        Map<String, Object> unknownFeature = new HashMap<>(balanceRule(channel, List.of(threshold("usage_value",
                1))));
        unknownFeature.put("features", List.of("no_such_feature"));
        problem(rule(unknownFeature), 400, "features");
        problem(rule(map("type", "invoice.paid", "name", "x", "channels", List.of(channel))), 400, "type");
        problem(rule(map("type", "invoice.created", "name", "x", "channels", List.of())), 400, "channels");
    }

    @Test
    void aRuleTestSendsASampleEventThatIsListedAndCanBeResent() {
        String channel = Notifications.channel("http://127.0.0.1:9/test-event");
        String rule = Notifications.rule(map("type", "invoice.created", "name", "t", "channels",
                List.of(channel)));
        JsonPath event = admin().post(RULES + "/" + rule + "/test").then().statusCode(201).extract().jsonPath();
        String id = event.getString("id");
        assertThat(event.getString("type")).isEqualTo("invoice.created");
        assertThat(event.getString("rule.id")).isEqualTo(rule);
        assertThat(event.getString("payload.id")).isEqualTo(id);
        assertThat(event.getString("payload.type")).isEqualTo("invoice.created");
        assertThat(event.getString("deliveryStatus[0].channel.id")).isEqualTo(channel);
        assertThat(event.getBoolean("annotations['notification.rule.test']")).isTrue();
        assertThat(admin().get(EVENTS + "?rule=" + rule).then().statusCode(200).extract().jsonPath()
                .getList("items.id")).containsExactly(id);
        admin().get(EVENTS + "/" + id).then().statusCode(200);
        admin().contentType(ContentType.JSON).body("{}").post(EVENTS + "/" + id + "/resend").then().statusCode(202);
        problem(admin().contentType(ContentType.JSON).body("{}").post(EVENTS + "/01J5AVNM7H1PT65RDFWGXXPT47/resend"),
                404, "01J5AVNM7H1PT65RDFWGXXPT47");
        problem(admin().contentType(ContentType.JSON).body(map("channels", List.of("01J5AVNM7H1PT65RDFWGXXPT47")))
                .post(EVENTS + "/" + id + "/resend"), 400, "channels");
        problem(admin().get(EVENTS + "?from=yesterday"), 400, "from");
        problem(admin().get(EVENTS + "?orderBy=name"), 400, "orderBy");
        problem(admin().post(RULES + "/01J5AVNM7H1PT65RDFWGXXPT47/test"), 404, "01J5AVNM7H1PT65RDFWGXXPT47");
    }

    private static Map<String, Object> balanceRule(String channel, List<Map<String, Object>> thresholds) {
        return map("type", "entitlements.balance.threshold", "name", "r", "channels", List.of(channel),
                "thresholds", thresholds);
    }

    private static io.restassured.response.Response channel(Map<String, Object> body) {
        return admin().contentType(ContentType.JSON).body(body).post(CHANNELS);
    }

    private static io.restassured.response.Response rule(Map<String, Object> body) {
        return admin().contentType(ContentType.JSON).body(body).post(RULES);
    }

    private static void problem(io.restassured.response.Response response, int status, String detailMentions) {
        ValidatableResponse then = response.then().statusCode(status).contentType(TestApi.PROBLEM)
                .body("status", org.hamcrest.Matchers.equalTo(status));
        if (detailMentions != null) {
            then.body("detail", containsString(detailMentions));
        }
        then.body("detail", org.hamcrest.Matchers.not(startsWith("java.")));
    }
}
