package dev.tollgate.invoicing.domain;

/** What a client may do to an invoice, as OpenMeter's {@code InvoiceAvailableActions} names them. */
public enum InvoiceAction {
    ADVANCE("advance"),
    APPROVE("approve"),
    DELETE("delete"),
    RETRY("retry"),
    VOID("void"),
    SNAPSHOT_QUANTITIES("snapshotQuantities"),
    INVOICE("invoice");

    private final String wireName;

    InvoiceAction(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }
}
