package dev.tollgate.invoicing.domain;

import static dev.tollgate.shared.problem.ValidationError.error;

import dev.tollgate.shared.problem.ValidationError;
import java.util.List;

/** What a workflow may say; each mistake is named by its JSON path, such as {@code workflow.invoicing.dueAfter}. */
public final class WorkflowRules {

    private static final List<String> ALIGNMENTS = List.of(BillingWorkflow.ALIGN_SUBSCRIPTION,
            BillingWorkflow.ALIGN_ANCHORED);
    private static final List<String> COLLECTION_METHODS = List.of(BillingWorkflow.CHARGE_AUTOMATICALLY,
            BillingWorkflow.SEND_INVOICE);
    private static final List<String> PRORATION_MODES = List.of(BillingWorkflow.BILL_ACTUAL_PERIOD,
            BillingWorkflow.BILL_FULL_PERIOD);

    private WorkflowRules() {
    }

    /** Checks the settings a workflow gives; what it leaves out is not checked (it comes from elsewhere). */
    public static void check(String prefix, BillingWorkflow workflow, List<ValidationError> errors) {
        if (workflow == null) {
            return;
        }
        if (workflow.collection() != null) {
            duration(prefix + ".collection.interval", workflow.collection().interval(), errors);
            BillingWorkflow.Alignment alignment = workflow.collection().alignment();
            if (alignment != null) {
                String field = prefix + ".collection.alignment";
                if (!ALIGNMENTS.contains(alignment.type())) {
                    errors.add(error(field + ".type", "invalid", "must be one of " + ALIGNMENTS));
                } else if (BillingWorkflow.ALIGN_ANCHORED.equals(alignment.type())) {
                    BillingWorkflow.RecurringPeriod period = alignment.recurringPeriod();
                    if (period == null || period.anchor() == null) {
                        errors.add(error(field + ".recurringPeriod", "required",
                                "with an anchor and an interval is required for anchored alignment"));
                    } else if (IsoDuration.parse(period.interval()).filter(d -> !d.isZero()).isEmpty()) {
                        errors.add(error(field + ".recurringPeriod.interval", "invalid",
                                "must be a positive ISO 8601 duration, such as P1M"));
                    }
                }
            }
        }
        if (workflow.invoicing() != null) {
            duration(prefix + ".invoicing.draftPeriod", workflow.invoicing().draftPeriod(), errors);
            duration(prefix + ".invoicing.dueAfter", workflow.invoicing().dueAfter(), errors);
            String mode = workflow.invoicing().subscriptionEndProrationMode();
            if (mode != null && !PRORATION_MODES.contains(mode)) {
                errors.add(error(prefix + ".invoicing.subscriptionEndProrationMode", "invalid",
                        "must be one of " + PRORATION_MODES));
            }
        }
        if (workflow.payment() != null && workflow.payment().collectionMethod() != null
                && !COLLECTION_METHODS.contains(workflow.payment().collectionMethod())) {
            errors.add(error(prefix + ".payment.collectionMethod", "invalid", "must be one of " + COLLECTION_METHODS));
        }
    }

    private static void duration(String field, String value, List<ValidationError> errors) {
        if (value != null && IsoDuration.parse(value).isEmpty()) {
            errors.add(error(field, "invalid", "must be a non-negative ISO 8601 duration, such as PT1H or P30D, not '"
                    + value + "'"));
        }
    }
}
