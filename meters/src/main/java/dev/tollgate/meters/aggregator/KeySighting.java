package dev.tollgate.meters.aggregator;

import java.time.LocalDate;

/** Where an event key was folded: the Kafka position of the record, and the day it was ingested. */
public record KeySighting(EventKey key, int partition, long offset, LocalDate day) {
}
