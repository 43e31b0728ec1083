package dev.tollgate.invoicing.domain;

/** A line charges a fixed amount, or for usage its meter counted over the line's period. */
public enum LineKind {
    FLAT_FEE("flat_fee"),
    USAGE("usage");

    private final String stored;

    LineKind(String stored) {
        this.stored = stored;
    }

    public String stored() {
        return stored;
    }

    public static LineKind ofStored(String stored) {
        return FLAT_FEE.stored.equals(stored) ? FLAT_FEE : USAGE;
    }
}
