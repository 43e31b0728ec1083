package dev.tollgate.app.console;

import static dev.tollgate.app.TestApi.admin;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tollgate.app.AggregatorBarrier;
import dev.tollgate.app.TestApi;
import dev.tollgate.app.TestTime;
import dev.tollgate.app.billing.Billing;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

/**
 * The console in a real browser (headless Chromium) against the app, with real data made through the API: sign in,
 * every page, charts drawn, a CSV download equal to the API's, admin actions that the API then shows, a read key
 * that is offered no action and whose forged one is refused, and no JavaScript error on any page. Screenshots of
 * each page go to docs/images/console, for docs/finance.md.
 */
@QuarkusTest
class ConsoleBrowserTest {

    private static final Path SCREENSHOTS = (Files.isDirectory(Path.of("../docs")) ? Path.of("../docs")
            : Path.of("docs")).resolve("images/console");
    private static final String CHART_DRAWN = "const c = arguments[0]; const chart = window.Chart && "
            + "window.Chart.getChart(c); return !!chart && c.width > 0 && c.height > 0;";

    @TestHTTPResource("/")
    URL app;

    @Test
    void aFinanceTeamUsesTheConsole() throws Exception {
        Scenario data = Scenario.make();
        String base = app.toString().replaceAll("/$", "");
        try (Browser browser = new Browser()) {
            // Sign in with the admin key, through the form.
            browser.open(base + "/console");
            assertThat(browser.driver.getCurrentUrl()).endsWith("/console/sign-in");
            browser.screenshot(SCREENSHOTS, "sign-in");
            browser.driver.findElement(By.id("apiKey")).sendKeys(TestApi.ADMIN_KEY);
            browser.submit(By.cssSelector("form button[type=submit]"));
            browser.collectLogs("sign-in");
            assertThat(browser.driver.getCurrentUrl()).endsWith("/console");

            // Overview: MRR, cost against revenue per month, the top customers by cost named and linked, and one
            // usage chart per meter, each drawn with its numbers beside it.
            browser.open(base + "/console?days=60&meter=" + data.meter);
            assertChartsDrawn(browser, 2);
            assertThat(browser.driver.getPageSource()).contains(data.meter).contains("Top customers by cost")
                    .doesNotContain("{\"");
            assertThat(browser.driver.findElement(By.id("mrr")).getText()).contains("USD").contains("ARR");
            assertThat(browser.driver.findElements(By.cssSelector("canvas[id^=cost-revenue]"))).isNotEmpty();
            assertThat(browser.driver.findElement(By.id("top-customers")).findElements(By.linkText(
                    "Customer " + data.subject))).isNotEmpty();
            browser.screenshot(SCREENSHOTS, "overview");

            // The usage CSV, as the browser downloads it, is the API's CSV of the same query.
            WebElement csvLink = browser.driver.findElements(By.cssSelector("a.csv")).stream()
                    .filter(a -> a.getText().contains(data.meter)).findFirst().orElseThrow();
            String href = csvLink.getAttribute("href");
            String cookie = browser.driver.manage().getCookieNamed("tollgate_console").getValue();
            HttpResponse<String> downloaded = get(href, Map.of("Cookie", "tollgate_console=" + cookie));
            assertThat(downloaded.statusCode()).isEqualTo(200);
            assertThat(downloaded.headers().firstValue("Content-Disposition").orElse("")).contains("attachment");
            String apiCsv = admin().urlEncodingEnabled(false).accept("text/csv")
                    .get("/api/v1/meters/" + data.meter + "/query?" + URI.create(href).getRawQuery())
                    .then().statusCode(200).extract().asString();
            assertThat(downloaded.body()).isEqualTo(apiCsv).startsWith("window_start,").contains(",10\n");

            printServerTimes(base, cookie, List.of("/console?days=60", "/console/customers",
                    "/console/customers/" + data.customer, "/console/plans", "/console/plans/" + data.planId,
                    "/console/invoices", "/console/invoices/" + data.usageInvoice, "/console/reports/showback",
                    "/console/reports/revenue", "/console/reports/margin", "/console/chargeback",
                    "/console/events?subject=" + data.subject));

            // Customers: search by subject, then the customer's page with its subscription and usage.
            browser.open(base + "/console/customers");
            browser.driver.findElement(By.id("q")).sendKeys(data.subject);
            browser.submit(By.cssSelector("form[role=search] button"));
            browser.collectLogs("customer search");
            browser.driver.findElement(By.linkText("Customer " + data.subject)).click();
            browser.collectLogs("customer");
            assertThat(browser.driver.getPageSource()).contains(data.planKey).contains(data.subject);
            browser.open(base + "/console/customers/" + data.customer + "?days=60&meter=" + data.meter);
            assertChartsDrawn(browser, 1);
            browser.screenshot(SCREENSHOTS, "customer");
            browser.open(base + "/console/customers");
            browser.screenshot(SCREENSHOTS, "customers");

            // Plans: the list, and a plan's phases and rate cards.
            browser.open(base + "/console/plans");
            assertThat(browser.driver.getPageSource()).contains(data.planKey);
            browser.screenshot(SCREENSHOTS, "plans");
            browser.open(base + "/console/plans/" + data.planId);
            assertThat(browser.driver.getPageSource()).contains(data.feature).contains("Main");
            browser.screenshot(SCREENSHOTS, "plan");

            // Invoices: the list, and the usage invoice with each line explained (its usage per day, drawn).
            browser.open(base + "/console/invoices");
            assertThat(browser.driver.getPageSource()).contains(data.usageInvoiceNumber);
            browser.screenshot(SCREENSHOTS, "invoices");
            browser.open(base + "/console/invoices/" + data.usageInvoice);
            assertThat(browser.driver.getPageSource()).contains("How each line was priced").contains(data.feature);
            assertChartsDrawn(browser, 1);
            browser.screenshot(SCREENSHOTS, "invoice");

            // Showback: cost per group over windows, drawn; the table names the customer; warnings shown; the CSV
            // downloaded from the page is the API's CSV of the same query.
            browser.open(base + "/console/reports/showback?groupBy=customer&windowSize=DAY&from="
                    + data.firstDay + "&to=" + data.lastDay);
            assertChartsDrawn(browser, 1);
            assertNoRawJson(browser);
            assertThat(browser.driver.findElement(By.id("showback-groups")).findElements(By.linkText(
                    "Customer " + data.subject))).isNotEmpty();
            assertThat(browser.driver.findElement(By.cssSelector(".warnings")).getText()).contains("model");
            String showbackHref = browser.driver.findElements(By.cssSelector("a.csv")).get(0).getAttribute("href");
            HttpResponse<String> showbackCsv = get(showbackHref, Map.of("Cookie", "tollgate_console=" + cookie));
            assertThat(showbackCsv.statusCode()).isEqualTo(200);
            String apiShowback = admin().urlEncodingEnabled(false).accept("text/csv")
                    .get("/api/v1/reports/showback?" + URI.create(showbackHref).getRawQuery())
                    .then().statusCode(200).extract().asString();
            assertThat(showbackCsv.body()).isEqualTo(apiShowback).startsWith("window_start,");
            browser.screenshot(SCREENSHOTS, "showback");

            // Revenue: MRR headline, movements and invoiced against paid drawn, the projected invoice's customer.
            browser.open(base + "/console/reports/revenue?from=" + data.firstDay + "&to=" + data.lastDay);
            assertThat(browser.driver.findElement(By.id("mrr")).getText()).contains("MRR").contains("USD");
            assertChartsDrawn(browser, 2);
            assertNoRawJson(browser);
            assertThat(browser.driver.findElement(By.id("projected")).findElements(By.linkText(
                    "Customer " + data.subject))).isNotEmpty();
            assertThat(browser.driver.findElement(By.id("movements-table")).getText()).contains("29.00 USD");
            browser.screenshot(SCREENSHOTS, "revenue");

            // Margin: revenue against cost per customer, drawn; negative margins only on request.
            browser.open(base + "/console/reports/margin?from=" + data.firstDay + "&to=" + data.lastDay);
            assertChartsDrawn(browser, 1);
            assertNoRawJson(browser);
            assertThat(browser.driver.findElement(By.id("margin-rows")).findElements(By.linkText(
                    "Customer " + data.subject))).isNotEmpty();
            browser.screenshot(SCREENSHOTS, "margin");
            browser.driver.findElement(By.id("filter")).click();
            browser.submit(By.cssSelector("form.filters button"));
            browser.collectLogs("margin negative");
            assertThat(browser.driver.getCurrentUrl()).contains("filter=negative");
            for (WebElement row : browser.driver.findElements(By.cssSelector("#margin-rows tbody tr"))) {
                assertThat(row.getAttribute("class") + row.getText()).matches("(?s)negative.*|No negative.*");
            }

            // Chargeback: the admin starts a run of the plan for last month through the form; the API's answer
            // and the run's department lines are shown, with the ledger's CSV.
            browser.open(base + "/console/chargeback");
            new Select(browser.driver.findElement(By.id("planId"))).selectByValue(data.chargebackPlan);
            browser.driver.executeScript("arguments[0].value = arguments[1]", browser.driver.findElement(
                    By.id("month")), data.firstDay.substring(0, 7));
            browser.submit(By.cssSelector("form[action$='/chargeback/runs'] button"));
            browser.collectLogs("chargeback run");
            assertThat(browser.driver.findElement(By.cssSelector("p.notice")).getText()).contains("201");
            String runId = browser.driver.getCurrentUrl().replaceAll(".*/runs/([^?]+).*", "$1");
            admin().get("/api/v1/chargeback/runs/" + runId).then().statusCode(200)
                    .body("planId", org.hamcrest.Matchers.equalTo(data.chargebackPlan));
            assertThat(browser.driver.findElement(By.id("run-lines")).getText()).contains("Customer " + data.subject);
            assertNoRawJson(browser);
            String ledgerHref = browser.driver.findElement(By.cssSelector("a.csv")).getAttribute("href");
            HttpResponse<String> ledger = get(ledgerHref, Map.of("Cookie", "tollgate_console=" + cookie));
            assertThat(ledger.statusCode()).isEqualTo(200);
            assertThat(ledger.body()).startsWith("runId,").contains(runId);
            browser.screenshot(SCREENSHOTS, "chargeback-run");
            browser.open(base + "/console/chargeback");
            assertThat(browser.driver.findElement(By.id("runs")).getText()).contains("completed");
            browser.screenshot(SCREENSHOTS, "chargeback");

            // Events.
            browser.open(base + "/console/events?subject=" + data.subject);
            assertThat(browser.driver.findElements(By.cssSelector("tr.invalid"))).isNotEmpty();
            assertThat(browser.driver.getPageSource()).contains("no meter reads events of type");
            browser.screenshot(SCREENSHOTS, "events");

            // Admin acts: void the first invoice and archive the spare plan; the API shows both.
            browser.open(base + "/console/invoices/" + data.feeInvoice);
            browser.driver.findElement(By.id("reason")).sendKeys("console test");
            new Select(browser.driver.findElement(By.id("lines"))).selectByValue("discard");
            browser.submit(By.cssSelector("form[action$='/void'] button"));
            browser.collectLogs("void");
            assertThat(browser.driver.findElements(By.cssSelector("p.notice"))).as(browser.driver.findElement(
                    By.tagName("body")).getText()).isNotEmpty();
            assertThat(browser.driver.findElement(By.cssSelector("p.notice")).getText()).contains("voided");
            admin().get("/api/v1/billing/invoices/" + data.feeInvoice).then().statusCode(200)
                    .body("status", org.hamcrest.Matchers.equalTo("voided"));
            browser.open(base + "/console/plans/" + data.sparePlanId);
            browser.submit(By.cssSelector("form[action$='/archive'] button"));
            browser.collectLogs("archive");
            assertThat(browser.driver.findElement(By.cssSelector("p.notice")).getText()).contains("archived");
            admin().get("/api/v1/plans/" + data.sparePlanId).then().statusCode(200)
                    .body("status", org.hamcrest.Matchers.equalTo("archived"));

            // A form without the session's token is refused (CSRF).
            HttpResponse<String> noToken = post(base + "/console/plans/" + data.planId + "/archive",
                    cookie, "");
            assertThat(noToken.statusCode()).isEqualTo(403);
            admin().get("/api/v1/plans/" + data.planId).then().body("status", org.hamcrest.Matchers.equalTo(
                    "active"));

            // A read key: signed out and in again, it is offered no action, and a forged one is refused by the API.
            browser.submit(By.cssSelector("form.sign-out button"));
            browser.collectLogs("sign-out");
            assertThat(browser.driver.getCurrentUrl()).endsWith("/console/sign-in");
            browser.driver.findElement(By.id("apiKey")).sendKeys(data.readKey);
            browser.submit(By.cssSelector("form button[type=submit]"));
            browser.open(base + "/console/invoices/" + data.usageInvoice);
            assertThat(browser.driver.findElements(By.cssSelector("form.action"))).isEmpty();
            browser.open(base + "/console/plans/" + data.planId);
            assertThat(browser.driver.findElements(By.cssSelector("form.action"))).isEmpty();
            String readCookie = browser.driver.manage().getCookieNamed("tollgate_console").getValue();
            String csrf = browser.driver.findElement(By.cssSelector("form.sign-out input[name=csrf]"))
                    .getAttribute("value");
            HttpResponse<String> forged = post(base + "/console/plans/" + data.planId + "/archive", readCookie,
                    "csrf=" + csrf);
            assertThat(forged.statusCode()).isEqualTo(403);
            assertThat(forged.body()).contains("lacks the");
            admin().get("/api/v1/plans/" + data.planId).then().body("status", org.hamcrest.Matchers.equalTo(
                    "active"));

            assertThat(browser.severeLogs()).as("what the pages logged at SEVERE").isEmpty();
        }
    }

    /** Each page's server time (its Server-Timing header) over a few visits, for the record; not asserted here. */
    private static void printServerTimes(String base, String cookie, List<String> pages) throws Exception {
        for (String page : pages) {
            List<Double> times = new java.util.ArrayList<>();
            for (int i = 0; i < 10; i++) {
                HttpResponse<String> answer = get(base + page, Map.of("Cookie", "tollgate_console=" + cookie));
                assertThat(answer.statusCode()).as(page).isEqualTo(200);
                String timing = answer.headers().firstValue("Server-Timing").orElseThrow();
                times.add(Double.parseDouble(timing.replaceAll("^page;dur=([0-9.]+).*", "$1")));
                if (i == 9) {
                    System.out.println("  " + timing);
                }
            }
            java.util.Collections.sort(times);
            System.out.printf("console server time %-60s median %6.1f ms, max %6.1f ms%n", page, times.get(5),
                    times.get(9));
        }
    }

    /** Finance users read names and amounts, never the API's JSON (its warnings are text, shown as written). */
    private static void assertNoRawJson(Browser browser) {
        String text = browser.driver.findElement(By.tagName("main")).getText();
        assertThat(text).doesNotContain("{\"").doesNotContain("\":").doesNotContain("=null");
    }

    private static void assertChartsDrawn(Browser browser, int atLeast) {
        List<WebElement> canvases = browser.driver.findElements(By.cssSelector("canvas[data-chart]"));
        assertThat(canvases).hasSizeGreaterThanOrEqualTo(atLeast);
        for (WebElement canvas : canvases) {
            assertThat((Boolean) browser.driver.executeScript(CHART_DRAWN, canvas))
                    .as("chart %s drawn", canvas.getAttribute("id")).isTrue();
        }
    }

    private static HttpResponse<String> get(String url, Map<String, String> headers) throws IOException,
            InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url));
        headers.forEach(request::header);
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> post(String url, String cookie, String form) throws IOException,
            InterruptedException {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url))
                .header("Cookie", "tollgate_console=" + cookie)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** What the console shows, made through the API as a client would. */
    private record Scenario(String meter, String feature, String planKey, String planId, String sparePlanId,
            String subject, String customer, String feeInvoice, String usageInvoice, String usageInvoiceNumber,
            String readKey, String chargebackPlan, String firstDay, String lastDay) {

        static Scenario make() {
            String meter = Billing.meter("SUM");
            // The billed feature costs 100 USD a unit (more than it earns: a negative margin, and the costliest customer
            // whatever else the database holds); a second one over the same meter is priced from the LLM cost
            // table, for a provider of its own and the events' model m1.
            String feature = Billing.unique("f");
            admin().contentType(ContentType.JSON).body(Map.of("key", feature, "name", "Feature " + feature,
                    "meterSlug", meter, "unitCost", Map.of("type", "manual", "amount", "100", "currency", "USD")))
                    .post("/api/v1/features").then().statusCode(201);
            String provider = Billing.unique("ai");
            admin().contentType(ContentType.JSON).body(Map.of("key", Billing.unique("llm"), "name", "LLM tokens",
                    "meterSlug", meter, "unitCost", Map.of("type", "llm", "provider", provider,
                            "modelProperty", "model", "tokenType", "input")))
                    .post("/api/v1/features").then().statusCode(201);
            Map<String, Object> plan = Billing.plan("USD", List.of(Billing.flatFee("platform", "29", "in_advance"),
                    Billing.usage(feature, Billing.unitPrice("0.5"))));
            String planKey = Billing.publish(plan);
            String planId = admin().get("/api/v1/plans?key=" + planKey).then().statusCode(200).extract()
                    .path("items[0].id");
            String spareKey = Billing.publish(Billing.plan("USD", List.of(Billing.flatFee("spare", "1",
                    "in_advance"))));
            String spareId = admin().get("/api/v1/plans?key=" + spareKey).then().statusCode(200).extract()
                    .path("items[0].id");
            String subject = TestApi.uniqueSubject();
            String customer = Billing.customer(subject, null);
            Instant start = Billing.nextDay();
            // The price takes effect a day after the first usage: that usage is reported at cost 0 with a warning.
            admin().contentType(ContentType.JSON).body(Map.of("provider", provider, "model_id", "m1",
                    "currency", "USD", "effective_from", start.plus(Duration.ofDays(1)).toString(),
                    "pricing", Map.of("input_per_token", "0.05", "output_per_token", "0.1")))
                    .post("/api/v1/llm-cost/overrides").then().statusCode(201);
            Billing.subscribe(customer, planKey, start);
            TestTime.advanceTo(start.plus(Duration.ofHours(2)));
            Billing.usageEvents(meter, subject, List.of(start.plusSeconds(600), start.plusSeconds(700)),
                    List.of("4", "6"));
            Billing.awaitTotal(meter, subject, "10");
            Billing.run();
            TestTime.advanceTo(Billing.plusMonths(start, 1).plus(Duration.ofHours(2)));
            Billing.run();
            Instant now = TestTime.now();
            Billing.usageEvents(meter, subject, List.of(now.minus(Duration.ofDays(3)), now.minus(Duration.ofDays(1)),
                    now.minus(Duration.ofMinutes(30))), List.of("2", "5", "3"));
            admin().contentType(TestApi.CLOUDEVENT).body(TestApi.event("unmetered-console", subject,
                    now.minus(Duration.ofMinutes(5)).toString(), Map.of("value", 1))).post("/api/v1/events")
                    .then().statusCode(204);
            AggregatorBarrier.await();
            await().atMost(Duration.ofSeconds(30)).until(() -> admin().get("/api/v1/events?subject=" + subject)
                    .then().extract().jsonPath().getList("validationError").stream().anyMatch(e -> e != null));
            List<Map<String, Object>> invoices = Billing.invoices(customer);
            assertThat(invoices).hasSize(2);
            String readKey = admin().contentType(ContentType.JSON).body(Map.of("name", "console-browser-read",
                    "scopes", List.of("read"))).post("/api/v1/api-keys").then().statusCode(201).extract()
                    .path("secret");
            String chargebackPlan = admin().contentType(ContentType.JSON).body(Map.of("name",
                    "Console at cost " + Billing.unique("p"), "currency", "USD", "markupPercent", "10"))
                    .post("/api/v1/chargeback/plans").then().statusCode(201).extract().path("id");
            java.time.LocalDate today = now.atZone(java.time.ZoneOffset.UTC).toLocalDate();
            return new Scenario(meter, feature, planKey, planId, spareId, subject, customer,
                    (String) invoices.get(0).get("id"), (String) invoices.get(1).get("id"),
                    (String) invoices.get(1).get("number"), readKey, chargebackPlan,
                    start.atZone(java.time.ZoneOffset.UTC).toLocalDate().withDayOfMonth(1).toString(),
                    today.toString());
        }
    }
}
