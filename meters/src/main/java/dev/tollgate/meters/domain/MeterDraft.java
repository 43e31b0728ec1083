package dev.tollgate.meters.domain;

import java.util.Map;

/**
 * A meter definition as a client sent it, before validation: every field may be missing or malformed.
 *
 * @param eventFrom RFC 3339, as sent
 * @param aggregation as sent, so that an unknown name gets a clear answer rather than a parse error
 */
public record MeterDraft(String slug, String name, String description, String aggregation, String eventType,
        String eventFrom, String valueProperty, Map<String, String> groupBy, Map<String, String> metadata) {
}
