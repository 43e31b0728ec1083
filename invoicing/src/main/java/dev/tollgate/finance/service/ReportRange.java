package dev.tollgate.finance.service;

import dev.tollgate.finance.domain.ReportWindow;
import dev.tollgate.shared.problem.ApiException;
import dev.tollgate.shared.problem.ValidationError;
import dev.tollgate.shared.time.Rfc3339;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

/**
 * The exact time range and zone a report covers, [from, to), checked: each bad parameter answers 400 naming it.
 *
 * @param size null when the report has no periods
 */
public record ReportRange(Instant from, Instant to, ReportWindow.Size size, ZoneId zone) {

    /** A report answers at most this many periods. */
    public static final int MAX_WINDOWS = 1000;

    public List<ReportWindow> windows() {
        return ReportWindow.cover(from, to, size, zone);
    }

    /** From request parameters; {@code defaultSize} when windowSize is absent (null: not a parameter here). */
    public static ReportRange parse(String from, String to, String windowSize, String windowTimeZone,
            ReportWindow.Size defaultSize) {
        List<ValidationError> errors = new ArrayList<>();
        Instant start = time("from", from, errors);
        Instant end = time("to", to, errors);
        if (start != null && end != null && !start.isBefore(end)) {
            errors.add(new ValidationError("to", "invalid", "to must be after from"));
        }
        ReportWindow.Size size = defaultSize;
        if (defaultSize != null && windowSize != null && !windowSize.isBlank()) {
            size = ReportWindow.Size.parse(windowSize).orElse(null);
            if (size == null) {
                errors.add(new ValidationError("windowSize", "unknown", "windowSize must be DAY or MONTH, not '"
                        + windowSize + "'"));
            }
        }
        ZoneId zone = ZoneId.of("UTC");
        if (windowTimeZone != null && !windowTimeZone.isBlank()) {
            if (ZoneId.getAvailableZoneIds().contains(windowTimeZone.trim())) {
                zone = ZoneId.of(windowTimeZone.trim());
            } else {
                errors.add(new ValidationError("windowTimeZone", "unknown", "windowTimeZone must be an IANA time"
                        + " zone such as Europe/Berlin, not '" + windowTimeZone + "'"));
            }
        }
        if (start != null && end != null && size != null && start.isBefore(end)
                && java.time.Duration.between(start, end).toDays() / (size == ReportWindow.Size.DAY ? 1 : 28)
                > MAX_WINDOWS) {
            errors.add(new ValidationError("windowSize", "too_many_windows", "from and to span more than "
                    + MAX_WINDOWS + " " + size.name().toLowerCase(java.util.Locale.ROOT) + "s; narrow the range or"
                    + " use MONTH"));
        }
        if (!errors.isEmpty()) {
            throw ApiException.invalid(errors);
        }
        return new ReportRange(start, end, size, zone);
    }

    private static Instant time(String field, String value, List<ValidationError> errors) {
        if (value == null || value.isBlank()) {
            errors.add(new ValidationError(field, "required", field + " is required (RFC 3339)"));
            return null;
        }
        return Rfc3339.parse(value.trim()).orElseGet(() -> {
            errors.add(new ValidationError(field, "format", field + " must be an RFC 3339 timestamp such as"
                    + " 2026-01-01T00:00:00Z"));
            return null;
        });
    }
}
