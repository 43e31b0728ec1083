package dev.tollgate.ingest.api;

import java.time.Duration;

/** How far an accepted event's time may lie from the clock of the server that accepted it. */
public interface EventTimeLimits {

    /**
     * An accepted event's time is at most this far ahead of the accepting server's clock, so no usage window starts
     * more than this far ahead of the moment it is written (give or take the servers' clock skew).
     */
    Duration maxFuture();
}
