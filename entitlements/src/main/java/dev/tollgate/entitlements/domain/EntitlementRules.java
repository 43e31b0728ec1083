package dev.tollgate.entitlements.domain;

import static dev.tollgate.shared.problem.ValidationError.error;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tollgate.shared.problem.ValidationError;
import dev.tollgate.shared.time.Rfc3339;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** The rules an entitlement, grant or reset request must meet on its own, before it meets the stored state. */
public final class EntitlementRules {

    public static final String CURRENT_PERIOD_START = "CURRENT_PERIOD_START";
    public static final String NOW = "NOW";
    public static final Set<String> EXPIRATION_UNITS = Set.of("HOUR", "DAY", "WEEK", "MONTH", "YEAR");
    private static final ObjectMapper JSON = new ObjectMapper();

    private EntitlementRules() {
    }

    public static List<ValidationError> forCreate(EntitlementDrafts.Create c) {
        List<ValidationError> errors = new ArrayList<>();
        if (c.featureKey() == null && c.featureId() == null) {
            errors.add(error("featureKey", "required", "or featureId is required"));
        }
        if (c.type() == null) {
            errors.add(error("type", "required", "is required: metered, static or boolean"));
            return errors;
        }
        switch (c.type()) {
            case Entitlement.METERED -> metered(c, errors);
            case Entitlement.STATIC -> {
                notAllowed(c, errors, "static");
                staticConfig(c.config(), errors);
            }
            case Entitlement.BOOLEAN -> {
                notAllowed(c, errors, "boolean");
                if (c.config() != null) {
                    errors.add(error("config", "not_allowed", "is only for static entitlements"));
                }
            }
            default -> errors.add(error("type", "invalid", "must be metered, static or boolean, not '" + c.type()
                    + "'"));
        }
        if (!Entitlement.METERED.equals(c.type()) && c.usagePeriod() != null) {
            period("usagePeriod", c.usagePeriod(), errors);
        }
        return errors;
    }

    public static List<ValidationError> forGrant(EntitlementDrafts.GrantCreate g, String prefix) {
        List<ValidationError> errors = new ArrayList<>();
        if (g == null) {
            errors.add(error(prefix.isEmpty() ? "body" : prefix, "required", "is required"));
            return errors;
        }
        if (g.amount() == null) {
            errors.add(error(prefix + "amount", "required", "is required"));
        } else if (g.amount().signum() <= 0) {
            errors.add(error(prefix + "amount", "grant_amount_must_be_positive", "must be positive, not "
                    + g.amount().toPlainString()));
        }
        priority(prefix + "priority", g.priority(), errors);
        if (g.effectiveAt() == null) {
            errors.add(error(prefix + "effectiveAt", "required", "is required"));
        } else {
            time(prefix + "effectiveAt", g.effectiveAt(), errors);
        }
        nonNegative(prefix + "minRolloverAmount", g.minRolloverAmount(), errors);
        nonNegative(prefix + "maxRolloverAmount", g.maxRolloverAmount(), errors);
        if (g.expiration() != null) {
            String duration = g.expiration().duration();
            if (duration == null || !EXPIRATION_UNITS.contains(duration.toUpperCase(Locale.ROOT))) {
                errors.add(error(prefix + "expiration.duration", "invalid",
                        "must be HOUR, DAY, WEEK, MONTH or YEAR"));
            }
            Integer count = g.expiration().count();
            if (count == null || count < 1 || count > 1000) {
                errors.add(error(prefix + "expiration.count", "invalid", "must be from 1 to 1000"));
            }
        }
        if (g.recurrence() != null) {
            period(prefix + "recurrence", g.recurrence(), errors);
        }
        return errors;
    }

    public static List<ValidationError> forReset(EntitlementDrafts.Reset r) {
        List<ValidationError> errors = new ArrayList<>();
        if (r != null && r.effectiveAt() != null) {
            time("effectiveAt", r.effectiveAt(), errors);
        }
        return errors;
    }

    /** The configuration's JSON text, whether it came as OpenMeter's string or inline. */
    public static String configText(JsonNode config) {
        if (config == null || config.isNull()) {
            return null;
        }
        return config.isTextual() ? config.textValue() : config.toString();
    }

    private static void metered(EntitlementDrafts.Create c, List<ValidationError> errors) {
        if (c.usagePeriod() == null) {
            errors.add(error("usagePeriod", "required", "is required for metered entitlements"));
        } else {
            period("usagePeriod", c.usagePeriod(), errors);
        }
        if (c.measureUsageFrom() != null && !CURRENT_PERIOD_START.equals(c.measureUsageFrom())
                && !NOW.equals(c.measureUsageFrom())) {
            if (Rfc3339.parse(c.measureUsageFrom()).isEmpty()) {
                errors.add(error("measureUsageFrom", "invalid",
                        "must be CURRENT_PERIOD_START, NOW or an RFC 3339 time"));
            }
        }
        if (c.config() != null) {
            errors.add(error("config", "not_allowed", "is only for static entitlements"));
        }
        if (c.issue() != null) {
            if (c.issue().amount() == null) {
                errors.add(error("issue.amount", "required", "is required"));
            }
            nonNegative("issue.amount", c.issue().amount(), errors);
            priority("issue.priority", c.issue().priority(), errors);
        }
        nonNegative("issueAfterReset", c.issueAfterReset(), errors);
        priority("issueAfterResetPriority", c.issueAfterResetPriority(), errors);
        if (c.issueAfterResetPriority() != null && c.issueAfterReset() == null && c.issue() == null) {
            errors.add(error("issueAfterResetPriority", "invalid", "needs issueAfterReset"));
        }
        if (c.grants() != null && !c.grants().isEmpty()) {
            if (c.issue() != null || c.issueAfterReset() != null) {
                errors.add(error("grants", "invalid", "cannot be combined with issue or issueAfterReset"));
            }
            for (int i = 0; i < c.grants().size(); i++) {
                errors.addAll(forGrant(c.grants().get(i), "grants[" + i + "]."));
            }
        }
    }

    private static void notAllowed(EntitlementDrafts.Create c, List<ValidationError> errors, String type) {
        String why = "is only for metered entitlements, not " + type;
        if (c.measureUsageFrom() != null) {
            errors.add(error("measureUsageFrom", "not_allowed", why));
        }
        if (c.isSoftLimit() != null) {
            errors.add(error("isSoftLimit", "not_allowed", why));
        }
        if (c.preserveOverageAtReset() != null) {
            errors.add(error("preserveOverageAtReset", "not_allowed", why));
        }
        if (c.issueAfterReset() != null || c.issue() != null) {
            errors.add(error(c.issue() != null ? "issue" : "issueAfterReset", "not_allowed", why));
        }
        if (c.grants() != null && !c.grants().isEmpty()) {
            errors.add(error("grants", "not_allowed", why));
        }
    }

    private static void staticConfig(JsonNode config, List<ValidationError> errors) {
        String text = configText(config);
        if (text == null) {
            errors.add(error("config", "required", "is required for static entitlements: a JSON object"));
            return;
        }
        try {
            if (!JSON.readTree(text).isObject()) {
                errors.add(error("config", "invalid", "must be a JSON object"));
            }
        } catch (Exception e) {
            errors.add(error("config", "invalid", "must be a JSON object, given as a JSON string"));
        }
    }

    private static void period(String field, EntitlementDrafts.Period p, List<ValidationError> errors) {
        var iso = RecurringInterval.iso(p.interval());
        if (p.interval() == null) {
            errors.add(error(field + ".interval", "required", "is required: DAY, WEEK, MONTH, YEAR or ISO 8601"));
        } else if (iso.isEmpty()) {
            errors.add(error(field + ".interval", "invalid", "must be DAY, WEEK, MONTH, YEAR or an ISO 8601"
                    + " duration such as P1M, not '" + p.interval() + "'"));
        } else if (!RecurringInterval.period(iso.get()).atLeastAnHour()) {
            errors.add(error(field + ".interval", "too_short", "must be at least an hour, not " + p.interval()));
        }
        if (p.anchor() != null) {
            time(field + ".anchor", p.anchor(), errors);
        }
    }

    private static void time(String field, String value, List<ValidationError> errors) {
        if (Rfc3339.parse(value).isEmpty()) {
            errors.add(error(field, "invalid", "must be an RFC 3339 time, not '" + value + "'"));
        }
    }

    private static void priority(String field, Integer priority, List<ValidationError> errors) {
        if (priority != null && (priority < 1 || priority > 255)) {
            errors.add(error(field, "invalid", "must be from 1 to 255, not " + priority));
        }
    }

    private static void nonNegative(String field, BigDecimal amount, List<ValidationError> errors) {
        if (amount != null && amount.signum() < 0) {
            errors.add(error(field, "invalid", "must not be negative, not " + amount.toPlainString()));
        }
    }
}
