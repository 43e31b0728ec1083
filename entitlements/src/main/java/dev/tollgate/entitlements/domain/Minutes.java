package dev.tollgate.entitlements.domain;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** Entitlements count time in whole minutes, as OpenMeter's do; these are its two roundings. */
public final class Minutes {

    private Minutes() {
    }

    /** Grant and reset times, anchors and the start of measurement move back to the start of their minute. */
    public static Instant floor(Instant at) {
        return at.truncatedTo(ChronoUnit.MINUTES);
    }

    /** A balance asked for within a minute counts that whole minute's usage. */
    public static Instant ceil(Instant at) {
        Instant floor = floor(at);
        return floor.equals(at) ? at : floor.plus(1, ChronoUnit.MINUTES);
    }
}
