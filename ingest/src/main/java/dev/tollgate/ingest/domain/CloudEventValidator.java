package dev.tollgate.ingest.domain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.tollgate.shared.problem.ApiException;
import dev.tollgate.shared.problem.ValidationError;
import dev.tollgate.shared.time.Rfc3339;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Checks CloudEvents against the rules OpenMeter applies, and names each failure by the event's position and field.
 * It checks a whole batch before anything is written, so a batch is accepted whole or not at all.
 */
public final class CloudEventValidator {

    private static final List<String> REQUIRED_STRINGS = List.of("id", "source", "type", "subject");

    private CloudEventValidator() {
    }

    /**
     * Validates and normalises the events: {@code time} is set to {@code now} where it is missing and rewritten in UTC
     * otherwise, so that every consumer reads the same instant.
     *
     * @param batch whether the body was an array, which changes how fields are named in errors
     */
    public static List<Valid> validate(List<JsonNode> events, boolean batch, Instant now, TimeBounds bounds) {
        List<ValidationError> errors = new ArrayList<>();
        List<Valid> valid = new ArrayList<>(events.size());
        for (int i = 0; i < events.size(); i++) {
            String at = batch ? "[" + i + "]" : "";
            JsonNode node = events.get(i);
            if (!(node instanceof ObjectNode event)) {
                errors.add(new ValidationError(batch ? at : "$", "type", describe(at, null)
                        + "must be a JSON object, not " + node.getNodeType().name().toLowerCase()));
                continue;
            }
            int before = errors.size();
            boolean normalised = check(event, at, now, bounds, errors);
            if (errors.size() == before) {
                valid.add(new Valid(event, normalised));
            }
        }
        if (!errors.isEmpty()) {
            throw ApiException.invalid(errors);
        }
        return valid;
    }

    /**
     * Checks and normalises one event on its own, for callers that set bad events aside instead of refusing the
     * batch: the problems, empty when the event may be metered.
     */
    public static List<ValidationError> problems(ObjectNode event, Instant now, TimeBounds bounds) {
        List<ValidationError> errors = new ArrayList<>();
        check(event, "", now, bounds, errors);
        return errors;
    }

    /** @return whether the event was normalised: changed from what was sent */
    private static boolean check(ObjectNode event, String at, Instant now, TimeBounds bounds,
            List<ValidationError> errors) {
        boolean normalised = false;
        JsonNode specVersion = event.get("specversion");
        if (specVersion == null || !specVersion.isTextual() || !"1.0".equals(specVersion.asText())) {
            errors.add(error(event, at, "specversion", "unsupported", "must be \"1.0\""));
        }
        for (String field : REQUIRED_STRINGS) {
            JsonNode value = event.get(field);
            if (value == null || !value.isTextual() || value.asText().isBlank()) {
                errors.add(error(event, at, field, "required", "must be a non-empty string"));
            }
        }
        JsonNode time = event.get("time");
        if (time == null || time.isNull()) {
            event.put("time", DateTimeFormatter.ISO_INSTANT.format(now));
            normalised = true;
        } else if (!time.isTextual()) {
            errors.add(error(event, at, "time", "format", "must be an RFC 3339 timestamp string"));
        } else {
            Optional<Instant> instant = Rfc3339.parse(time.asText());
            if (instant.isPresent() && instant.get().isAfter(now.plus(bounds.maxFuture()))) {
                errors.add(error(event, at, "time", "future", "is more than " + describe(bounds.maxFuture())
                        + " ahead of the server's clock (tollgate.ingest.max-future)"));
            } else if (instant.isPresent() && instant.get().isBefore(now.minus(bounds.lateness()))) {
                errors.add(error(event, at, "time", "too_late", "is older than the lateness window of "
                        + describe(bounds.lateness()) + " (tollgate.ingest.lateness)"));
            } else if (instant.isPresent()) {
                String utc = DateTimeFormatter.ISO_INSTANT.format(instant.get());
                if (!utc.equals(time.asText())) {
                    event.set("time", TextNode.valueOf(utc));
                    normalised = true;
                }
            } else {
                errors.add(error(event, at, "time", "format",
                        "must be an RFC 3339 timestamp such as 2026-01-31T12:00:00Z, got \"" + abbreviate(time.asText())
                                + "\""));
            }
        }
        JsonNode data = event.get("data");
        if (data != null && !data.isNull() && !data.isObject()) {
            errors.add(error(event, at, "data", "type", "must be a JSON object"));
        }
        JsonNode contentType = event.get("datacontenttype");
        if (contentType != null && !contentType.isNull()
                && !(contentType.isTextual() && isJson(contentType.asText()))) {
            errors.add(error(event, at, "datacontenttype", "unsupported", "must be application/json when set"));
        }
        return normalised;
    }

    /** {@code application/json}, with or without parameters such as charset. */
    private static boolean isJson(String mediaType) {
        int parameters = mediaType.indexOf(';');
        String type = (parameters < 0 ? mediaType : mediaType.substring(0, parameters)).trim();
        return type.equalsIgnoreCase("application/json");
    }

    private static ValidationError error(ObjectNode event, String at, String field, String code, String message) {
        String path = at.isEmpty() ? field : at + "." + field;
        return new ValidationError(path, code, describe(at, event) + field + " " + message);
    }

    private static String describe(String at, ObjectNode event) {
        if (at.isEmpty()) {
            return "";
        }
        JsonNode id = event == null ? null : event.get("id");
        String index = at.substring(1, at.length() - 1);
        return id != null && id.isTextual() && !id.asText().isBlank()
                ? "event " + index + " (id \"" + abbreviate(id.asText()) + "\"): "
                : "event " + index + ": ";
    }

    private static String describe(Duration duration) {
        long hours = duration.toHours();
        return hours >= 48 && hours % 24 == 0 ? hours / 24 + " days"
                : hours >= 1 && duration.toMinutes() % 60 == 0 ? hours + " h" : duration.toSeconds() + " s";
    }

    /**
     * An event that passed.
     *
     * @param normalised whether validation changed it (its time), so that it no longer reads as the client sent it
     */
    public record Valid(ObjectNode event, boolean normalised) {
    }

    /** How far from now an event's time may lie. */
    public record TimeBounds(Duration maxFuture, Duration lateness) {

        /** No bounds: for callers that check time elsewhere. */
        public static final TimeBounds UNBOUNDED = new TimeBounds(Duration.ofDays(365_000), Duration.ofDays(365_000));
    }

    private static String abbreviate(String value) {
        return value.length() <= 64 ? value : value.substring(0, 61) + "...";
    }
}
