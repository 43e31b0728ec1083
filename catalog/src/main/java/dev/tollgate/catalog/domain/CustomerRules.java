package dev.tollgate.catalog.domain;

import static dev.tollgate.shared.problem.ValidationError.error;

import dev.tollgate.catalog.api.pricing.PricingCurrency;
import dev.tollgate.shared.problem.MetadataRules;
import dev.tollgate.shared.problem.ValidationError;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.regex.Pattern;

/**
 * OpenMeter's rules for a customer, each broken rule reported against the field that breaks it. Rules that need the
 * database (a taken key or subject, an unknown parent, a cycle) are the service's.
 */
public final class CustomerRules {

    static final int MAX_KEY = 256;
    static final int MAX_NAME = 256;
    static final int MAX_DESCRIPTION = 1024;
    static final int MAX_EMAIL = 254;
    static final int MAX_ADDRESS_FIELD = 256;
    static final int MAX_SUBJECTS = 1000;
    /** Subject keys are indexed for uniqueness; PostgreSQL's b-tree caps an entry at about 2.7 kB. */
    static final int MAX_SUBJECT_KEY = 512;
    static final int MAX_EXTERNAL_ID = 255;

    /** One @, no spaces, a dot in the domain: catches typos without rejecting the addresses RFC 5321 allows. */
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s.]+(\\.[^@\\s.]+)+");
    private static final Pattern CURRENCY = Pattern.compile("[A-Z]{3}");
    private static final Pattern COUNTRY = Pattern.compile("[A-Z]{2}");

    private CustomerRules() {
    }

    /** Every rule the customer breaks; empty when it may be created or replace a customer. */
    public static List<ValidationError> check(CustomerDraft draft) {
        List<ValidationError> errors = new ArrayList<>();
        if (blank(draft.name())) {
            errors.add(error("name", "required", "is required"));
        } else if (draft.name().length() > MAX_NAME) {
            errors.add(error("name", "too_long", "must be at most " + MAX_NAME + " characters"));
        }
        if (draft.key() != null && (blank(draft.key()) || draft.key().length() > MAX_KEY)) {
            errors.add(error("key", "invalid", "must be 1 to " + MAX_KEY + " characters, not blank"));
        }
        if (draft.description() != null && draft.description().length() > MAX_DESCRIPTION) {
            errors.add(error("description", "too_long", "must be at most " + MAX_DESCRIPTION + " characters"));
        }
        if (draft.primaryEmail() != null && (draft.primaryEmail().length() > MAX_EMAIL
                || !EMAIL.matcher(draft.primaryEmail()).matches())) {
            errors.add(error("primaryEmail", "invalid", "must be an email address such as billing@example.com"));
        }
        currency(draft.currency(), errors);
        address(draft.billingAddress(), errors);
        usageAttribution(draft.usageAttribution(), errors);
        if (draft.parentCustomerId() != null && blank(draft.parentCustomerId())) {
            errors.add(error("parentCustomerId", "invalid", "must be a customer id or key, or be left out"));
        }
        String stripeId = draft.external() == null ? null : draft.external().stripeCustomerId();
        if (stripeId != null && (blank(stripeId) || stripeId.length() > MAX_EXTERNAL_ID)) {
            errors.add(error("external.stripeCustomerId", "invalid",
                    "must be 1 to " + MAX_EXTERNAL_ID + " characters, such as cus_NffrFeUfNV2Hib"));
        }
        MetadataRules.check("metadata", draft.metadata(), errors);
        return errors;
    }

    /** ISO 4217 and billable: pseudo-currencies without minor units, such as XXX or XAU, are refused. */
    private static void currency(String currency, List<ValidationError> errors) {
        if (currency == null) {
            return;
        }
        boolean known = CURRENCY.matcher(currency).matches();
        if (known) {
            try {
                PricingCurrency.of(currency);
            } catch (IllegalArgumentException e) {
                known = false;
            }
        }
        if (!known) {
            errors.add(error("currency", "invalid",
                    "must be an ISO 4217 currency code that can be billed, such as USD or EUR, not '" + currency + "'"));
        }
    }

    private static void address(CustomerAddress address, List<ValidationError> errors) {
        if (address == null) {
            return;
        }
        if (address.country() != null && !COUNTRY.matcher(address.country()).matches()) {
            errors.add(error("billingAddress.country", "invalid",
                    "must be an ISO 3166-1 alpha-2 country code such as US or DE"));
        }
        BiConsumer<String, String> bounded = (field, value) -> {
            if (value != null && value.length() > MAX_ADDRESS_FIELD) {
                errors.add(error("billingAddress." + field, "too_long",
                        "must be at most " + MAX_ADDRESS_FIELD + " characters"));
            }
        };
        bounded.accept("postalCode", address.postalCode());
        bounded.accept("state", address.state());
        bounded.accept("city", address.city());
        bounded.accept("line1", address.line1());
        bounded.accept("line2", address.line2());
        bounded.accept("phoneNumber", address.phoneNumber());
    }

    private static void usageAttribution(CustomerDraft.UsageAttribution attribution, List<ValidationError> errors) {
        if (attribution == null) {
            errors.add(error("usageAttribution", "required",
                    "is required: {\"subjectKeys\": [...]} with the subjects billed to this customer, or []"));
            return;
        }
        List<String> keys = attribution.subjectKeys();
        if (keys == null) {
            errors.add(error("usageAttribution.subjectKeys", "required", "is required; it may be empty"));
            return;
        }
        if (keys.size() > MAX_SUBJECTS) {
            errors.add(error("usageAttribution.subjectKeys", "too_many", "must have at most " + MAX_SUBJECTS
                    + " subjects"));
            return;
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < keys.size(); i++) {
            String field = subjectField(i);
            String key = keys.get(i);
            if (blank(key)) {
                errors.add(error(field, "required", "must be a non-empty subject key"));
            } else if (key.length() > MAX_SUBJECT_KEY) {
                errors.add(error(field, "too_long", "must be at most " + MAX_SUBJECT_KEY + " characters"));
            } else if (!seen.add(key)) {
                errors.add(error(field, "duplicate", "repeats subject '" + key + "'"));
            }
        }
    }

    /** The JSON path of a subject key in a request, as problems name it. */
    public static String subjectField(int index) {
        return "usageAttribution.subjectKeys[" + index + "]";
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
