package dev.tollgate.ingest.domain;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One event of a request body: the JSON value as parsed and, when known, the exact bytes the client sent for it.
 * Those bytes say precisely what the value says, so an event that validation leaves as it is goes to Kafka as sent,
 * without being written out again (a sixth of the event loop's CPU under batches, docs/performance.md).
 *
 * @param json the parsed value, which validation checks (and may normalise)
 * @param sent the value's own bytes, UTF-8; null when they are not known (binary mode, another encoding)
 */
public record ReceivedEvent(JsonNode json, byte[] sent) {

    public static ReceivedEvent parsedOnly(JsonNode json) {
        return new ReceivedEvent(json, null);
    }
}
