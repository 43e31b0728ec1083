package dev.tollgate.finance.service;

import static dev.tollgate.shared.problem.ValidationError.error;

import dev.tollgate.catalog.api.FeatureCosts;
import dev.tollgate.finance.domain.ReportWindows;
import dev.tollgate.meters.api.Meter;
import dev.tollgate.meters.api.Meters;
import dev.tollgate.shared.problem.ApiException;
import dev.tollgate.shared.problem.ValidationError;
import dev.tollgate.shared.time.Rfc3339;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/** The showback report's parameters, checked with each broken rule named, and the question they ask. */
@ApplicationScoped
public class ShowbackService {

    /** Windows one report may hold, so that a year of minutes is asked for with a larger window instead. */
    static final long MAX_WINDOWS = 10_000;
    static final int MAX_GROUP_BY = 10;
    static final int MAX_LEVEL = 100;
    private static final Pattern KEY = Pattern.compile("[A-Za-z0-9_.$-]{1,64}");

    /** The parameters as they arrive. */
    public record Request(String from, String to, String windowSize, String windowTimeZone, List<String> groupBy,
            String departmentKey, String departmentLevel) {
    }

    private final UsageCosts costs;
    private final FeatureCosts features;
    private final Meters meters;

    ShowbackService(UsageCosts costs, FeatureCosts features, Meters meters) {
        this.costs = costs;
        this.features = features;
        this.meters = meters;
    }

    /** The checked question; 400 naming each bad parameter. */
    public UsageCosts.Query query(String namespace, Request request) {
        List<ValidationError> errors = new ArrayList<>();
        Instant from = instant("from", request.from(), errors);
        Instant to = instant("to", request.to(), errors);
        if (from != null && to != null && !from.isBefore(to)) {
            errors.add(error("to", "before_from", "must be after from (" + from + ")"));
        }
        String size = request.windowSize() == null || request.windowSize().isBlank() ? null
                : request.windowSize().trim().toUpperCase(Locale.ROOT);
        if (size != null && !ReportWindows.SIZES.contains(size)) {
            errors.add(error("windowSize", "invalid", "must be one of " + ReportWindows.SIZES));
            size = null;
        }
        ZoneId zone = zone(request.windowTimeZone(), errors);
        if (from != null && to != null && size != null && windows(from, to, size) > MAX_WINDOWS) {
            errors.add(error("windowSize", "too_many_windows", "would give more than " + MAX_WINDOWS
                    + " windows over this range: use a larger window or a shorter range"));
        }
        List<String> groupBy = groupBy(namespace, request.groupBy(), errors);
        UsageCosts.Departments departments = departments(request, errors);
        if (!errors.isEmpty()) {
            throw ApiException.invalid(errors);
        }
        return new UsageCosts.Query(namespace, from, to, size, zone, groupBy, departments);
    }

    public UsageCosts.Answer run(UsageCosts.Query query) {
        return costs.answer(query);
    }

    private List<String> groupBy(String namespace, List<String> requested, List<ValidationError> errors) {
        Set<String> keys = new LinkedHashSet<>();
        if (requested == null) {
            return List.of();
        }
        Set<String> meterKeys = null;
        for (String raw : requested) {
            String key = raw == null ? "" : raw.trim();
            if (!KEY.matcher(key).matches()) {
                errors.add(error("groupBy", "invalid", "must be customer, department, feature, meter or a meter"
                        + " group-by key, not '" + raw + "'"));
                continue;
            }
            if (!List.of(UsageCosts.CUSTOMER, UsageCosts.DEPARTMENT, UsageCosts.FEATURE, UsageCosts.METER)
                    .contains(key)) {
                meterKeys = meterKeys != null ? meterKeys : meterGroupKeys(namespace);
                if (!meterKeys.contains(key)) {
                    errors.add(error("groupBy", "unknown", "'" + key + "' is not customer, department, feature, meter"
                            + " or a group-by key of a metered feature's meter " + meterKeys));
                }
            }
            if (!keys.add(key)) {
                errors.add(error("groupBy", "duplicate", "names '" + key + "' twice"));
            }
        }
        if (keys.size() > MAX_GROUP_BY) {
            errors.add(error("groupBy", "too_many", "may name at most " + MAX_GROUP_BY + " groups"));
        }
        return List.copyOf(keys);
    }

    private Set<String> meterGroupKeys(String namespace) {
        Set<String> keys = new TreeSet<>();
        features.meteredFeatures(namespace).stream().map(FeatureCosts.MeteredFeature::meterSlug).distinct()
                .map(slug -> meters.findLive(namespace, slug)).flatMap(Optional::stream)
                .map(Meter::groupBy).forEach(g -> keys.addAll(g.keySet()));
        return keys;
    }

    private static UsageCosts.Departments departments(Request request, List<ValidationError> errors) {
        String key = request.departmentKey() == null || request.departmentKey().isBlank() ? null
                : request.departmentKey().trim();
        if (key != null && request.departmentLevel() != null) {
            errors.add(error("departmentLevel", "conflict", "cannot be given with departmentKey: departments come"
                    + " from the hierarchy or from a metadata key"));
        }
        if (key != null) {
            if (!KEY.matcher(key).matches()) {
                errors.add(error("departmentKey", "invalid", "must be a metadata key such as costCenter"));
            }
            return UsageCosts.Departments.metadata(key);
        }
        if (request.departmentLevel() == null) {
            return UsageCosts.Departments.hierarchy(1);
        }
        try {
            int level = Integer.parseInt(request.departmentLevel().trim());
            if (level >= 0 && level <= MAX_LEVEL) {
                return UsageCosts.Departments.hierarchy(level);
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        errors.add(error("departmentLevel", "invalid", "must be a whole number from 0 (the root organisation) to "
                + MAX_LEVEL));
        return UsageCosts.Departments.hierarchy(1);
    }

    private static Instant instant(String field, String value, List<ValidationError> errors) {
        if (value == null || value.isBlank()) {
            errors.add(error(field, "required", "is required, an RFC 3339 timestamp such as 2026-01-01T00:00:00Z"));
            return null;
        }
        Optional<Instant> parsed = Rfc3339.parse(value.trim());
        if (parsed.isEmpty()) {
            errors.add(error(field, "format", "must be an RFC 3339 timestamp such as 2026-01-01T00:00:00Z"));
        }
        return parsed.orElse(null);
    }

    private static ZoneId zone(String value, List<ValidationError> errors) {
        if (value == null || value.isBlank()) {
            return ZoneId.of("UTC");
        }
        if (!ZoneId.getAvailableZoneIds().contains(value.trim())) {
            errors.add(error("windowTimeZone", "unknown", "must be an IANA time zone such as Europe/Berlin"));
            return ZoneId.of("UTC");
        }
        return ZoneId.of(value.trim());
    }

    private static long windows(Instant from, Instant to, String size) {
        Duration range = Duration.between(from, to);
        return switch (size) {
            case "MINUTE" -> range.toMinutes();
            case "HOUR" -> range.toHours();
            case "DAY" -> range.toDays();
            default -> range.toDays() / 28;
        };
    }
}
