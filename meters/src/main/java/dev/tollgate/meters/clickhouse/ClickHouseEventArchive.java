package dev.tollgate.meters.clickhouse;

import dev.tollgate.ingest.api.EncodedEvents;
import dev.tollgate.ingest.api.RawEventStore;
import dev.tollgate.meters.aggregator.ArchiveConfig;
import dev.tollgate.meters.aggregator.EventArchive;
import dev.tollgate.meters.aggregator.WindowBatch;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;

/**
 * {@link EventArchive} on ClickHouse: the records go to the raw event store ({@code events}, a ReplacingMergeTree
 * whose sorting key ends with the Kafka position, read one row per position), and the archiver's offsets, last, as
 * commit markers beside the aggregator's (see {@link ClickHouseWindowStore}). The archiver keeps no event keys: it
 * takes the aggregator's decisions.
 */
@ApplicationScoped
public class ClickHouseEventArchive implements EventArchive {

    private final RawEventStore rawEvents;
    private final ClickHouseWindowStore markers;
    private final String groupId;

    ClickHouseEventArchive(RawEventStore rawEvents, ClickHouseWindowStore markers, ArchiveConfig config) {
        this.rawEvents = rawEvents;
        this.markers = markers;
        this.groupId = config.groupId();
    }

    @Override
    public void commit(WindowBatch batch) {
        rawEvents.write(batch.records());
        markers.commitOffsets(groupId, batch.nextOffsets(), batch.id());
    }

    @Override
    public EncodedEvents encoder() {
        return rawEvents.encoder();
    }

    @Override
    public boolean isCommitted(String batchId) {
        return markers.isCommitted(groupId, batchId);
    }

    @Override
    public Map<Integer, Long> committedOffsets() {
        return markers.committedOffsets(groupId);
    }
}
