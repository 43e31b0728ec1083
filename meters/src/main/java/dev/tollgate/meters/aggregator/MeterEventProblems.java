package dev.tollgate.meters.aggregator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tollgate.ingest.api.EventProblems;
import dev.tollgate.ingest.api.IngestedEvent;
import dev.tollgate.ingest.api.StoredEvent;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Why the live meters cannot take a value from an archived event: it is folded, as the aggregator folds it, into
 * windows that are not kept. Worked out when events are listed rather than when they are archived, so that the
 * archiver reads no event's data.
 */
@ApplicationScoped
public class MeterEventProblems implements EventProblems {

    private final MeterLookup meters;
    private final ObjectMapper json;

    MeterEventProblems(MeterLookup meters, ObjectMapper json) {
        this.meters = meters;
        this.json = json;
    }

    @Override
    public String of(StoredEvent stored) {
        JsonNode node;
        try {
            node = json.readTree(stored.event());
        } catch (IOException e) {
            return "not a readable CloudEvent: " + e.getMessage();
        }
        if (!(node instanceof ObjectNode object)) {
            return "not a readable CloudEvent: not a JSON object";
        }
        IngestedEvent event = new IngestedEvent(stored.namespace(), stored.ingestedAt(), object);
        List<String> problems = new ArrayList<>();
        try {
            UsageFolder.fold(event, meters.meters(stored.namespace(), event.type()), WindowBatch.discarding(),
                    problems::add);
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
        return String.join("; ", problems);
    }
}
