package dev.tollgate.invoicing.domain;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/**
 * OpenMeter's {@code BillingWorkflow}: when pending lines are collected into an invoice, how long a draft waits, when
 * an invoice is due, and how it is paid. A profile's workflow is complete (its gaps take the defaults); a customer
 * override or an invoice edit holds only what it changes, and is laid {@link #over} the profile's.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record BillingWorkflow(Collection collection, Invoicing invoicing, Payment payment, Tax tax) {

    public static final String ALIGN_SUBSCRIPTION = "subscription";
    public static final String ALIGN_ANCHORED = "anchored";
    public static final String CHARGE_AUTOMATICALLY = "charge_automatically";
    public static final String SEND_INVOICE = "send_invoice";
    public static final String BILL_ACTUAL_PERIOD = "bill_actual_period";
    public static final String BILL_FULL_PERIOD = "bill_full_period";

    /**
     * @param interval how long after a line falls due its invoice waits for late usage (OpenMeter's default PT1H)
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Collection(Alignment alignment, String interval) {
    }

    /** {@code subscription}: each line is collected when it falls due; {@code anchored}: at the next anchor. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Alignment(String type, RecurringPeriod recurringPeriod) {
    }

    public record RecurringPeriod(String interval, Instant anchor) {
    }

    /**
     * @param consolidateSubsidiaries Tollgate's addition: a customer's subsidiaries are billed on its invoice, their
     *     lines grouped per subsidiary, and get no invoice of their own
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Invoicing(Boolean autoAdvance, String draftPeriod, String dueAfter, Boolean progressiveBilling,
            String subscriptionEndProrationMode, Boolean consolidateSubsidiaries, JsonNode defaultTaxConfig) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Payment(String collectionMethod) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Tax(Boolean enabled, Boolean enforced) {
    }

    /** OpenMeter's defaults. */
    public static final BillingWorkflow DEFAULTS = new BillingWorkflow(
            new Collection(new Alignment(ALIGN_SUBSCRIPTION, null), "PT1H"),
            new Invoicing(true, "P0D", "P30D", true, BILL_ACTUAL_PERIOD, false, null),
            new Payment(CHARGE_AUTOMATICALLY),
            new Tax(true, false));

    /** This workflow with every setting it leaves out taken from {@code base}. */
    public BillingWorkflow over(BillingWorkflow base) {
        Collection c = collection == null ? base.collection : new Collection(
                or(collection.alignment, base.collection.alignment), or(collection.interval, base.collection.interval));
        Invoicing i = invoicing == null ? base.invoicing : new Invoicing(
                or(invoicing.autoAdvance, base.invoicing.autoAdvance),
                or(invoicing.draftPeriod, base.invoicing.draftPeriod),
                or(invoicing.dueAfter, base.invoicing.dueAfter),
                or(invoicing.progressiveBilling, base.invoicing.progressiveBilling),
                or(invoicing.subscriptionEndProrationMode, base.invoicing.subscriptionEndProrationMode),
                or(invoicing.consolidateSubsidiaries, base.invoicing.consolidateSubsidiaries),
                or(invoicing.defaultTaxConfig, base.invoicing.defaultTaxConfig));
        Payment p = payment == null || payment.collectionMethod == null ? base.payment : payment;
        Tax t = tax == null ? base.tax
                : new Tax(or(tax.enabled, base.tax.enabled), or(tax.enforced, base.tax.enforced));
        return new BillingWorkflow(c, i, p, t);
    }

    /** Complete, for a profile: every gap takes OpenMeter's default. */
    public BillingWorkflow complete() {
        return over(DEFAULTS);
    }

    @JsonIgnore
    public IsoDuration collectionInterval() {
        return IsoDuration.of(collection.interval);
    }

    @JsonIgnore
    public IsoDuration draftPeriod() {
        return IsoDuration.of(invoicing.draftPeriod);
    }

    @JsonIgnore
    public IsoDuration dueAfter() {
        return IsoDuration.of(invoicing.dueAfter);
    }

    @JsonIgnore
    public boolean autoAdvance() {
        return Boolean.TRUE.equals(invoicing.autoAdvance);
    }

    @JsonIgnore
    public boolean progressiveBilling() {
        return Boolean.TRUE.equals(invoicing.progressiveBilling);
    }

    @JsonIgnore
    public boolean consolidatesSubsidiaries() {
        return Boolean.TRUE.equals(invoicing.consolidateSubsidiaries);
    }

    /**
     * When a line that falls due at {@code dueAt} is collected: then, for subscription alignment, or at the first
     * anchor of the recurring period at or after it, for anchored alignment.
     */
    public Instant collectionTime(Instant dueAt) {
        Alignment alignment = collection.alignment;
        if (alignment == null || !ALIGN_ANCHORED.equals(alignment.type) || alignment.recurringPeriod == null) {
            return dueAt;
        }
        IsoDuration step = IsoDuration.of(alignment.recurringPeriod.interval);
        Instant anchor = alignment.recurringPeriod.anchor;
        if (step.isZero()) {
            return dueAt;
        }
        // Walk whole steps from the anchor; count them from the anchor each time so month ends do not drift.
        long k = 0;
        Instant at = anchor;
        while (at.isAfter(dueAt)) {
            at = nth(anchor, step, --k);
        }
        while (at.isBefore(dueAt)) {
            at = nth(anchor, step, ++k);
        }
        return at;
    }

    private static Instant nth(Instant anchor, IsoDuration step, long k) {
        var zoned = anchor.atZone(java.time.ZoneOffset.UTC);
        var period = step.calendar().multipliedBy(Math.toIntExact(k));
        return zoned.plus(period).plus(step.clock().multipliedBy(k)).toInstant();
    }

    private static <T> T or(T value, T fallback) {
        return value != null ? value : fallback;
    }
}
