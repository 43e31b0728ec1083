package dev.tollgate.catalog.api.pricing;

/** When a flat fee is charged: with the period's first line, or with its last. */
public enum PaymentTerm {
    IN_ADVANCE("in_advance"),
    IN_ARREARS("in_arrears");

    private final String apiName;

    PaymentTerm(String apiName) {
        this.apiName = apiName;
    }

    /** The value in OpenMeter's API, such as {@code in_advance}. */
    public String apiName() {
        return apiName;
    }
}
