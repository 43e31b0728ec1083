package dev.tollgate.invoicing.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import dev.tollgate.invoicing.domain.InvoiceAction;
import dev.tollgate.invoicing.domain.InvoiceLifecycle;
import dev.tollgate.invoicing.domain.InvoiceStatus;
import dev.tollgate.invoicing.service.InvoiceDocument;
import dev.tollgate.invoicing.store.InvoiceEntity;
import dev.tollgate.invoicing.store.LineJson;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** OpenMeter's {@code Invoice}. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record InvoiceView(String id, String type, String number, String currency, String status,
        StatusDetails statusDetails, JsonNode supplier, JsonNode customer, String description,
        Map<String, String> metadata, Totals totals, Instant issuedAt, Instant draftUntil,
        Instant quantitySnapshotedAt, Instant collectionAt, Instant dueAt, Period period, Instant voidedAt,
        Instant paidAt, Instant createdAt, Instant updatedAt, Instant deletedAt, Workflow workflow,
        List<InvoiceLineView> lines, List<JsonNode> validationIssues, Map<String, String> externalIds) {

    public record StatusDetails(boolean immutable, boolean failed, String extendedStatus,
            Map<String, Map<String, String>> availableActions) {
    }

    /**
     * OpenMeter's {@code InvoiceTotals}, each a {@code Numeric}: a decimal string. Tollgate computes no taxes or
     * credits, so those are zero.
     */
    public record Totals(String amount, String chargesTotal, String discountsTotal, String creditsTotal,
            String taxesInclusiveTotal, String taxesExclusiveTotal, String taxesTotal, String total) {

        static Totals of(BigDecimal amount, BigDecimal chargesTotal, BigDecimal discountsTotal, BigDecimal total) {
            return new Totals(numeric(amount), numeric(chargesTotal), numeric(discountsTotal), "0", "0", "0", "0",
                    numeric(total));
        }
    }

    /** OpenMeter's {@code Numeric}: a plain decimal string without trailing zeros; null stays null. */
    static String numeric(BigDecimal value) {
        if (value == null) {
            return null;
        }
        return value.signum() == 0 ? "0" : value.stripTrailingZeros().toPlainString();
    }

    /**
     * OpenMeter's {@code InvoiceAppExternalIds}: the invoice's id in the invoicing and payment app (Stripe's
     * {@code in_…}), and Tollgate's additions, Stripe's number and hosted page.
     */
    static Map<String, String> externalIds(InvoiceEntity i) {
        Map<String, String> ids = new LinkedHashMap<>();
        if (i.externalInvoicingId != null) {
            ids.put("invoicing", i.externalInvoicingId);
            ids.put("payment", i.externalInvoicingId);
        }
        if (i.externalNumber != null) {
            ids.put("number", i.externalNumber);
        }
        if (i.externalUrl != null) {
            ids.put("url", i.externalUrl);
        }
        return ids;
    }

    public record Period(Instant from, Instant to) {
    }

    public record Workflow(Map<String, Map<String, String>> apps, String sourceBillingProfileId, JsonNode workflow) {
    }

    static InvoiceView of(InvoiceDocument document, LineJson json, boolean withLines) {
        InvoiceEntity i = document.invoice();
        InvoiceStatus status = InvoiceStatus.ofWireName(i.status).orElseThrow();
        Map<String, Map<String, String>> actions = new LinkedHashMap<>();
        InvoiceLifecycle.available(status, i.total.signum() <= 0).forEach((action, next) -> {
            if (action != InvoiceAction.DELETE || status != InvoiceStatus.GATHERING) {
                actions.put(action.wireName(), Map.of("resultingState", next.wireName()));
            }
        });
        List<InvoiceLineView> lines = withLines ? InvoiceLineView.of(document, json) : null;
        return new InvoiceView(i.id, "standard", i.number, i.currency, status.category(),
                new StatusDetails(status.isImmutable(), status.isFailed(), status.wireName(), actions),
                json.tree(i.supplier), json.tree(i.customer), i.description, json.metadata(i.metadata),
                Totals.of(i.amount, i.chargesTotal, i.discountsTotal, i.total), i.issuedAt, i.draftUntil,
                i.quantitySnapshottedAt, i.collectionAt, i.dueAt,
                i.periodFrom == null ? null : new Period(i.periodFrom, i.periodTo), i.voidedAt, i.paidAt,
                i.createdAt, i.updatedAt, i.deletedAt,
                new Workflow(BillingProfileView.appReferences(i.invoicingAppId), i.profileId,
                        json.tree(i.workflow)), lines,
                issues(json, i.validationIssues), externalIds(i));
    }

    private static List<JsonNode> issues(LineJson json, String stored) {
        JsonNode node = json.tree(stored == null ? "[]" : stored);
        java.util.ArrayList<JsonNode> issues = new java.util.ArrayList<>();
        node.forEach(issues::add);
        return issues;
    }

    /** OpenMeter's {@code InvoicePaginatedResponse}. */
    public record Page(long totalCount, int page, int pageSize, List<InvoiceView> items) {
    }
}
