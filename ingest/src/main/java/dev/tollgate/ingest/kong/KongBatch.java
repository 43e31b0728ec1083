package dev.tollgate.ingest.kong;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * A Kong http-log body mapped record by record: the events to meter, and what had to be set aside with the reason.
 * Kong retries a whole batch that is refused and then drops it, so one bad record must not cost the good ones.
 */
public record KongBatch(List<Event> events, List<SetAside> setAside) {

    /** An event mapped from the record at {@code record} (its position in the body). */
    public record Event(int record, ObjectNode event) {
    }

    /**
     * Something of the record at {@code record} that cannot be metered: the event as far as it could be made (never
     * the raw record, which may hold credentials in clear), and why.
     */
    public record SetAside(int record, ObjectNode content, String reason) {
    }
}
