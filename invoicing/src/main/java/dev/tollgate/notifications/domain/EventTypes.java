package dev.tollgate.notifications.domain;

import java.util.List;

/** The notification event and rule types, as OpenMeter names them. */
public final class EventTypes {

    public static final String BALANCE_THRESHOLD = "entitlements.balance.threshold";
    public static final String ENTITLEMENT_RESET = "entitlements.reset";
    public static final String INVOICE_CREATED = "invoice.created";
    public static final String INVOICE_UPDATED = "invoice.updated";
    public static final List<String> ALL = List.of(BALANCE_THRESHOLD, ENTITLEMENT_RESET, INVOICE_CREATED,
            INVOICE_UPDATED);
    /**
     * A balance threshold rule with this metadata key set to {@code "true"} also fires the thresholds of the plan
     * template an entitlement was made from (docs/notifications.md, "Plan thresholds").
     */
    public static final String PLAN_THRESHOLDS = "tollgate.io/plan-thresholds";

    private EventTypes() {
    }
}
