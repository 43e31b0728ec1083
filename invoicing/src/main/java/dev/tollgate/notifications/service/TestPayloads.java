package dev.tollgate.notifications.service;

import dev.tollgate.notifications.domain.EventTypes;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Sample data of each event type, for a rule's test event: clearly fake, in the shapes real events have. */
final class TestPayloads {

    private TestPayloads() {
    }

    static Map<String, Object> of(String type, Instant now) {
        Instant day = now.truncatedTo(ChronoUnit.DAYS);
        if (EventTypes.INVOICE_CREATED.equals(type) || EventTypes.INVOICE_UPDATED.equals(type)) {
            Map<String, Object> invoice = new LinkedHashMap<>();
            invoice.put("id", "01J5AVNM7H1PT65RDFWGXXPT48");
            invoice.put("type", "standard");
            invoice.put("number", "TEST-INV-1");
            invoice.put("currency", "USD");
            invoice.put("status", "draft.created");
            invoice.put("customer", Map.of("key", "test-customer-1", "name", "Test Customer 1"));
            invoice.put("totals", Map.of("amount", "10", "total", "10"));
            invoice.put("lines", List.of(Map.of("name", "Test flat fee", "amount", "10")));
            invoice.put("createdAt", now);
            invoice.put("updatedAt", now);
            return invoice;
        }
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("entitlement", Map.of("id", "01J5AVNM7H1PT65RDFWGXXPT47", "type", "metered", "featureKey",
                "test-feature-1", "featureId", "01J5AVN2T6S0RDGJHVNN0BW3F5", "currentUsagePeriod", Map.of("from",
                        day, "to", day.plus(1, ChronoUnit.DAYS)), "usagePeriod", Map.of("interval", "DAY",
                        "intervalISO", "P1D", "anchor", day)));
        data.put("feature", Map.of("id", "01J5AVN2T6S0RDGJHVNN0BW3F5", "key", "test-feature-1", "name",
                "Test feature 1"));
        data.put("subject", Map.of("key", "test-subject-1"));
        data.put("customer", Map.of("id", "01J5AVN2T6S0RDGJHVNN0BW3F6", "key", "test-customer-1", "name",
                "Test Customer 1"));
        data.put("value", Map.of("hasAccess", true, "balance", 10000, "usage", 5001, "overage", 99));
        if (EventTypes.BALANCE_THRESHOLD.equals(type)) {
            data.put("threshold", Map.of("value", 50, "type", "PERCENT"));
        }
        return data;
    }
}
