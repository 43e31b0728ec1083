package dev.tollgate.invoicing.domain;

/**
 * OpenMeter's {@code ValidationIssue}: why a draft cannot be issued. A critical issue holds the draft in
 * {@code draft.invalid} until it is fixed and retried.
 *
 * @param field where the problem is, as a JSON path into the invoice
 */
public record ValidationIssue(String severity, String field, String code, String component, String message) {

    public static ValidationIssue critical(String field, String code, String message) {
        return new ValidationIssue("critical", field, code, "tollgate.invoicing", message);
    }
}
