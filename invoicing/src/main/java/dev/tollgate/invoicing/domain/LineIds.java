package dev.tollgate.invoicing.domain;

import dev.tollgate.shared.ids.DerivedIds;
import java.time.Instant;

/**
 * The ids of lines that Tollgate makes, derived from what they bill rather than drawn at random: a subscription line
 * from its subscription, phase, item and period index, so that syncing it again finds it and changes it in place, and
 * two processes making it make one. Their time part is the period's start, so ids sort like the periods.
 */
public final class LineIds {

    private LineIds() {
    }

    /** The line of a rate card's billing period: subscription / phase / item / period index. */
    public static String subscriptionLine(String subscriptionId, String phaseKey, String itemKey, int periodIndex,
            Instant periodFrom) {
        return DerivedIds.ulid(periodFrom, "line", subscriptionId, phaseKey, itemKey, Integer.toString(periodIndex));
    }

    /** The rest of a period after progressive billing invoiced its start. */
    public static String segment(String baseLineId, Instant segmentFrom) {
        return DerivedIds.ulid(segmentFrom, "segment", baseLineId, segmentFrom.toString());
    }

    /** The n-th adjustment (from 1) of a period first billed by the base line. */
    public static String adjustment(String baseLineId, Instant periodFrom, int n) {
        return DerivedIds.ulid(periodFrom, "adjustment", baseLineId, Integer.toString(n));
    }

    /** A voided line billed again on a later invoice. */
    public static String rebill(String voidedLineId, Instant periodFrom) {
        return DerivedIds.ulid(periodFrom, "rebill", voidedLineId);
    }

    /** One charge of a line, as OpenMeter's detailed lines list them. */
    public static String charge(String lineId, String chargeKey, Instant periodFrom) {
        return DerivedIds.ulid(periodFrom, "charge", lineId, chargeKey);
    }
}
