package dev.tollgate.meters.api;

/** How a meter folds event values, with OpenMeter's names. */
public enum Aggregation {
    SUM, COUNT, UNIQUE_COUNT, AVG, MIN, MAX, LATEST;

    /** COUNT counts events; every other aggregation reads a value from each event. */
    public boolean needsValue() {
        return this != COUNT;
    }
}
