package dev.tollgate.catalog.domain;

import static dev.tollgate.shared.problem.ValidationError.error;

import dev.tollgate.shared.problem.ApiException;
import dev.tollgate.shared.problem.MetadataRules;
import dev.tollgate.shared.problem.ValidationError;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The limits on what a client may say about a subscription, as for plans (OpenMeter's). */
public final class SubscriptionRules {

    static final int MAX_NAME = 256;
    static final int MAX_DESCRIPTION = 1024;

    private SubscriptionRules() {
    }

    /** @throws ApiException 400 naming each broken limit */
    public static void requireValid(String name, String description, Map<String, String> metadata) {
        List<ValidationError> errors = new ArrayList<>();
        if (name != null && name.length() > MAX_NAME) {
            errors.add(error("name", "too_long", "must be at most " + MAX_NAME + " characters"));
        }
        if (description != null && description.length() > MAX_DESCRIPTION) {
            errors.add(error("description", "too_long", "must be at most " + MAX_DESCRIPTION + " characters"));
        }
        MetadataRules.check("metadata", metadata, errors);
        if (!errors.isEmpty()) {
            throw ApiException.invalid(errors);
        }
    }
}
