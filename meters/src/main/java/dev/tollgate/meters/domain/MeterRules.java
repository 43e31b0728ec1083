package dev.tollgate.meters.domain;

import dev.tollgate.meters.api.Aggregation;
import dev.tollgate.meters.api.Meter;
import dev.tollgate.shared.problem.MetadataRules;
import dev.tollgate.shared.problem.ValidationError;
import dev.tollgate.shared.time.Rfc3339;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import static dev.tollgate.shared.problem.ValidationError.error;

/** OpenMeter's rules for a meter definition, each broken rule reported against the field that breaks it. */
public final class MeterRules {

    /** OpenMeter's key format for slugs: lower-case words joined by single underscores. */
    static final Pattern SLUG = Pattern.compile("[a-z0-9]+(?:_[a-z0-9]+)*");
    static final Pattern GROUP_KEY = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");
    static final int MAX_SLUG = 64;
    static final int MAX_NAME = 256;
    static final int MAX_DESCRIPTION = 1024;
    static final int MAX_EVENT_TYPE = 256;
    static final int MAX_GROUP_BY = 32;

    private MeterRules() {
    }

    /** Every rule a new meter breaks; empty when it may be created. */
    public static List<ValidationError> forCreate(MeterDraft draft) {
        List<ValidationError> errors = new ArrayList<>();
        if (blank(draft.slug())) {
            errors.add(error("slug", "required", "is required"));
        } else if (draft.slug().length() > MAX_SLUG || !SLUG.matcher(draft.slug()).matches()) {
            errors.add(error("slug", "invalid", "must be at most " + MAX_SLUG
                    + " lower-case letters and digits in words joined by single underscores, such as tokens_total"));
        }
        Aggregation aggregation = null;
        if (blank(draft.aggregation())) {
            errors.add(error("aggregation", "required", "is required"));
        } else {
            aggregation = parseAggregation(draft.aggregation());
            if (aggregation == null) {
                errors.add(error("aggregation", "invalid", "must be one of " + Arrays.toString(Aggregation.values())));
            }
        }
        if (blank(draft.eventType())) {
            errors.add(error("eventType", "required", "is required"));
        } else if (draft.eventType().length() > MAX_EVENT_TYPE) {
            errors.add(error("eventType", "too_long", "must be at most " + MAX_EVENT_TYPE + " characters"));
        }
        if (draft.eventFrom() != null && Rfc3339.parse(draft.eventFrom()).isEmpty()) {
            errors.add(error("eventFrom", "invalid", "must be an RFC 3339 date-time, such as 2025-01-01T00:00:00Z"));
        }
        if (aggregation != null) {
            valueProperty(aggregation, draft.valueProperty(), errors);
        }
        describing(draft.name(), draft.description(), draft.metadata(), errors);
        groupBy(draft.groupBy(), draft.valueProperty(), errors);
        return errors;
    }

    /** Every rule an update of the changeable fields breaks, against the meter as it stands. */
    public static List<ValidationError> forUpdate(Meter meter, String name, String description,
            Map<String, String> groupBy, Map<String, String> metadata) {
        List<ValidationError> errors = new ArrayList<>();
        describing(name, description, metadata, errors);
        groupBy(groupBy, meter.valueProperty(), errors);
        return errors;
    }

    public static Aggregation parseAggregation(String value) {
        try {
            return Aggregation.valueOf(value);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static void valueProperty(Aggregation aggregation, String path, List<ValidationError> errors) {
        if (!aggregation.needsValue()) {
            if (path != null) {
                errors.add(error("valueProperty", "forbidden", "must not be set for a COUNT meter, which counts events"));
            }
        } else if (blank(path)) {
            errors.add(error("valueProperty", "required", "is required for a " + aggregation + " meter"));
        } else if (!isJsonPath(path)) {
            errors.add(error("valueProperty", "invalid", "must be " + MeterPath.SUBSET));
        }
    }

    private static void describing(String name, String description, Map<String, String> metadata,
            List<ValidationError> errors) {
        if (name != null && (name.isBlank() || name.length() > MAX_NAME)) {
            errors.add(error("name", "invalid", "must be 1 to " + MAX_NAME + " characters"));
        }
        if (description != null && description.length() > MAX_DESCRIPTION) {
            errors.add(error("description", "too_long", "must be at most " + MAX_DESCRIPTION + " characters"));
        }
        MetadataRules.check("metadata", metadata, errors);
    }

    private static void groupBy(Map<String, String> groupBy, String valueProperty, List<ValidationError> errors) {
        if (groupBy == null) {
            return;
        }
        if (groupBy.size() > MAX_GROUP_BY) {
            errors.add(error("groupBy", "too_many", "must have at most " + MAX_GROUP_BY + " keys"));
        }
        groupBy.forEach((key, path) -> {
            if (!GROUP_KEY.matcher(key).matches() || key.length() > MAX_SLUG) {
                errors.add(error("groupBy", "invalid_key", "key '" + key + "' must be at most " + MAX_SLUG
                        + " letters, digits and underscores, not starting with a digit"));
            } else if (UsageQuery.SUBJECT.equals(key)) {
                errors.add(error("groupBy.subject", "reserved",
                        "is reserved: every meter is already grouped by subject"));
            } else if (blank(path) || !isJsonPath(path)) {
                errors.add(error("groupBy." + key, "invalid", "must be " + MeterPath.SUBSET));
            } else if (path.equals(valueProperty)) {
                errors.add(error("groupBy." + key, "invalid", "must not be the meter's valueProperty"));
            }
        });
    }

    private static boolean isJsonPath(String path) {
        return MeterPath.parse(path).isPresent();
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
