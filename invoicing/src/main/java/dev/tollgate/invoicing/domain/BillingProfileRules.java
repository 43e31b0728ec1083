package dev.tollgate.invoicing.domain;

import static dev.tollgate.shared.problem.ValidationError.error;

import dev.tollgate.shared.problem.MetadataRules;
import dev.tollgate.shared.problem.ValidationError;
import java.util.ArrayList;
import java.util.List;

/** What a billing profile must be: named, with a named supplier, and a workflow that reads. */
public final class BillingProfileRules {

    private BillingProfileRules() {
    }

    public static List<ValidationError> check(BillingProfileDraft draft) {
        List<ValidationError> errors = new ArrayList<>();
        if (draft.name() == null || draft.name().isBlank() || draft.name().length() > 256) {
            errors.add(error("name", "required", "must be 1 to 256 characters"));
        }
        if (draft.description() != null && draft.description().length() > 1024) {
            errors.add(error("description", "too_long", "must be at most 1024 characters"));
        }
        MetadataRules.check("metadata", draft.metadata(), errors);
        if (draft.supplier() == null) {
            errors.add(error("supplier", "required", "is required: the seller named on the invoices"));
        } else {
            checkParty("supplier", draft.supplier(), errors);
        }
        WorkflowRules.check("workflow", draft.workflow(), errors);
        return errors;
    }

    /** A party's name is what an invoice shows; a country, if given, is a two-letter ISO 3166-1 code. */
    public static void checkParty(String field, BillingParty party, List<ValidationError> errors) {
        if (party.name() == null || party.name().isBlank() || party.name().length() > 256) {
            errors.add(error(field + ".name", "required", "must be 1 to 256 characters"));
        }
        if (party.addresses() != null) {
            for (int i = 0; i < party.addresses().size(); i++) {
                BillingParty.Address address = party.addresses().get(i);
                if (address == null) {
                    errors.add(error(field + ".addresses[" + i + "]", "required", "must be an address object"));
                } else if (address.country() != null && !address.country().matches("[A-Z]{2}")) {
                    errors.add(error(field + ".addresses[" + i + "].country", "invalid",
                            "must be an ISO 3166-1 alpha-2 code such as US, not '" + address.country() + "'"));
                }
            }
        }
    }
}
