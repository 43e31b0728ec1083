package dev.tollgate.meters.aggregator;

import dev.tollgate.meters.api.Meter;
import dev.tollgate.meters.service.MeterService;
import dev.tollgate.shared.lifecycle.AwaitedOnShutdown;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.scheduler.Scheduled.ConcurrentExecution;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * The live meters, compiled and indexed by namespace and event type, so the aggregator never waits on PostgreSQL.
 * Re-read on a fixed interval; a new or changed meter applies to events folded after the next refresh.
 */
@ApplicationScoped
public class MeterLookup {

    private static final Logger LOG = Logger.getLogger(MeterLookup.class);

    private final MeterService meters;
    /** Null until the first successful read: folding before the meters are known would drop usage. */
    private volatile MeterSet current;

    MeterLookup(MeterService meters) {
        this.meters = meters;
    }

    /** The live meters; waits for the first read of the definitions if it has not happened. */
    public MeterSet snapshot() {
        MeterSet set = current;
        return set != null ? set : awaitFirstRead();
    }

    /** The meters reading this event type, in the current snapshot. */
    public List<CompiledMeter> meters(String namespace, String eventType) {
        return snapshot().meters(namespace, eventType);
    }

    private synchronized MeterSet awaitFirstRead() {
        while (current == null) {
            try {
                refresh();
            } catch (RuntimeException e) {
                LOG.warnf("cannot read meter definitions yet, retrying: %s", e.getMessage());
                try {
                    Thread.sleep(1_000);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while reading meter definitions", ie);
                }
            }
        }
        return current;
    }

    public void refresh() {
        Map<String, Map<String, List<CompiledMeter>>> index = new HashMap<>();
        Set<String> series = new HashSet<>();
        for (Meter meter : meters.allLive()) {
            index.computeIfAbsent(meter.namespace(), ns -> new HashMap<>())
                    .computeIfAbsent(meter.eventType(), t -> new ArrayList<>())
                    .add(new CompiledMeter(meter));
            series.add(meter.seriesId());
        }
        current = new MeterSet(index, Set.copyOf(series));
    }

    @AwaitedOnShutdown
    @Scheduled(every = "${tollgate.aggregator.meter-refresh-interval}", concurrentExecution = ConcurrentExecution.SKIP)
    void refreshQuietly() {
        try {
            refresh();
        } catch (RuntimeException e) {
            LOG.warnf("could not refresh meters, keeping the previous set: %s", e.getMessage());
        }
    }
}
