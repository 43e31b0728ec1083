package dev.tollgate.invoicing.domain;

/**
 * OpenMeter's {@code InvoiceLineManagedBy}: who owns a line. The run keeps subscription lines in step with their
 * subscription; manual lines are a client's one-off charges; system lines are Tollgate's adjustments.
 */
public enum ManagedBy {
    SUBSCRIPTION("subscription"),
    MANUAL("manual"),
    SYSTEM("system");

    private final String wireName;

    ManagedBy(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }
}
