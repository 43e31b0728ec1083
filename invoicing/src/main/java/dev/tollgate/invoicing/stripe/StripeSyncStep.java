package dev.tollgate.invoicing.stripe;

/** The steps of an invoice's sync to Stripe, in order; each is one Stripe call (lines: one per batch). */
public enum StripeSyncStep {
    CUSTOMER, INVOICE, LINES, FINALIZE, DONE, FAILED;

    public String stored() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    public static StripeSyncStep of(String stored) {
        return valueOf(stored.toUpperCase(java.util.Locale.ROOT));
    }

    public boolean finished() {
        return this == DONE || this == FAILED;
    }
}
