package dev.tollgate.meters.aggregator;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tollgate.ingest.api.IngestedEvent;
import java.math.BigDecimal;
import java.util.List;
import java.util.function.Consumer;

/** Folds one event into a batch's minute windows, for every meter that reads its type. Pure: no I/O, no clock. */
public final class UsageFolder {

    private static final long MINUTE_SECONDS = 60;
    /**
     * Larger values are refused as invalid: windows store Decimal(38, 9), and a window must be able to sum many of
     * them without overflowing.
     */
    static final BigDecimal MAX_ABS_VALUE = new BigDecimal("1e20");

    private UsageFolder() {
    }

    /**
     * Folds the event without saying why a meter could not take a value: the aggregator's case, once per event, where
     * the explanations would be built only to be dropped.
     *
     * @return how many meters took a value from the event
     */
    public static int fold(IngestedEvent event, List<CompiledMeter> meters, WindowBatch batch) {
        return fold(event, meters, batch, null);
    }

    /**
     * Folds the event and says, in {@code problems}, why a meter could not take a value from it: these become the
     * event's validation error in the event browser.
     *
     * @param problems told why, or null when nobody asks
     * @return how many meters took a value from the event
     */
    public static int fold(IngestedEvent event, List<CompiledMeter> meters, WindowBatch batch,
            Consumer<String> problems) {
        if (meters.isEmpty()) {
            if (problems != null) {
                problems.accept("no meter reads events of type '" + event.type() + "'");
            }
            return 0;
        }
        long eventMillis = event.time().toEpochMilli();
        long windowStart = Math.floorDiv(Math.floorDiv(eventMillis, 1000L), MINUTE_SECONDS) * MINUTE_SECONDS;
        JsonNode data = event.data();
        int folded = 0;
        for (CompiledMeter meter : meters) {
            if (meter.meter().eventFrom() != null && event.time().isBefore(meter.meter().eventFrom())) {
                continue;
            }
            if (foldInto(meter, event, data, windowStart, eventMillis, batch)) {
                folded++;
            } else if (problems != null) {
                problems.accept("meter " + meter.meter().slug() + ": the value at " + meter.meter().valueProperty()
                        + (meter.countsDistinct() ? " is missing or not a single value"
                                : " is missing, not a number, or beyond ±1e20"));
            }
        }
        return folded;
    }

    private static boolean foldInto(CompiledMeter meter, IngestedEvent event, JsonNode data, long windowStart,
            long eventMillis, WindowBatch batch) {
        JsonNode raw = meter.rawValue(data);
        BigDecimal value = null;
        if (meter.countsDistinct()) {
            if (raw == null || raw.isNull() || raw.isContainerNode()) {
                return false;
            }
        } else if (!meter.counts()) {
            value = CompiledMeter.numeric(raw);
            if (value == null || value.abs().compareTo(MAX_ABS_VALUE) >= 0) {
                return false;
            }
        }
        if (!batch.keepsWindows()) {
            return true; // a discarding batch (MeterEventProblems): whether the meter could take it is all it needs
        }
        WindowKey key = new WindowKey(event.namespace(), meter.meter().seriesId(), event.subject(), windowStart,
                meter.groupKeys(), meter.groupValues(data));
        WindowAccumulator window = batch.window(key);
        if (meter.countsDistinct()) {
            window.addDistinct(raw.asText(), eventMillis);
        } else {
            window.add(meter.counts() ? BigDecimal.ONE : value, eventMillis);
        }
        return true;
    }
}
