package dev.tollgate.shared.problem;

import static dev.tollgate.shared.problem.ValidationError.error;

import java.util.List;
import java.util.Map;

/** OpenMeter's limits on the free-form {@code metadata} every resource carries, checked the same way everywhere. */
public final class MetadataRules {

    public static final int MAX_ENTRIES = 64;
    public static final int MAX_KEY = 64;
    public static final int MAX_VALUE = 1024;

    private MetadataRules() {
    }

    /** Adds an error for each broken limit, named by {@code field} (such as {@code phases[0].metadata}). */
    public static void check(String field, Map<String, String> metadata, List<ValidationError> errors) {
        if (metadata == null) {
            return;
        }
        if (metadata.size() > MAX_ENTRIES) {
            errors.add(error(field, "too_many", "must have at most " + MAX_ENTRIES + " entries"));
        }
        metadata.forEach((key, value) -> {
            if (key.isEmpty() || key.length() > MAX_KEY) {
                errors.add(error(field, "invalid_key", "keys must be 1 to " + MAX_KEY + " characters"));
            } else if (value == null || value.length() > MAX_VALUE) {
                errors.add(error(field + "." + key, "invalid", "must be a string of at most " + MAX_VALUE
                        + " characters"));
            }
        });
    }
}
