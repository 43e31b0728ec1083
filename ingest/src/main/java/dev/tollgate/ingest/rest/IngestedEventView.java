package dev.tollgate.ingest.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.tollgate.ingest.api.StoredEvent;
import dev.tollgate.ingest.service.EventBrowserService;
import java.time.Instant;

/** OpenMeter's {@code IngestedEvent}: the event, when it arrived and was stored, and what was wrong with it. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record IngestedEventView(JsonNode event, String customerId, String validationError, Instant ingestedAt,
        Instant storedAt) {

    static IngestedEventView of(EventBrowserService.BrowsedEvent browsed, ObjectMapper json) {
        StoredEvent stored = browsed.stored();
        JsonNode event;
        try {
            event = json.readTree(stored.event());
        } catch (Exception unreadable) {
            // A record that could not be read as a CloudEvent is shown as the text it was.
            event = TextNode.valueOf(stored.eventText());
        }
        return new IngestedEventView(event, browsed.customerId(), stored.validationError(), stored.ingestedAt(),
                stored.storedAt());
    }
}
