package dev.tollgate.ingest.api;

/**
 * Why the meters cannot take a value from an event: the {@code validationError} the event browser shows. Worked out
 * when events are listed, by the module that knows the meters, against the meters as they are then. Since new and
 * changed meters are backfilled from the archive, that is what the meters count.
 */
public interface EventProblems {

    /** The problems, joined by "; ", or "" when every meter that reads the event's type takes a value from it. */
    String of(StoredEvent event);
}
