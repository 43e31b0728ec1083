package dev.tollgate.ingest.api;

import java.time.Instant;
import java.util.Objects;

/**
 * A subject's usage belonging to a customer over [from, to): the unit of usage attribution in time. A subject that
 * moves from one customer to another on the 15th is two attributions, one ending and one starting then.
 */
public record SubjectAttribution(String subject, Instant from, Instant to) {

    public SubjectAttribution {
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        if (!from.isBefore(to)) {
            throw new IllegalArgumentException("an attribution must end after it starts: " + from + " .. " + to);
        }
    }
}
