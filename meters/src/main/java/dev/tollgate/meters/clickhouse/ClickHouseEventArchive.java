package dev.tollgate.meters.clickhouse;

import dev.tollgate.ingest.api.IngestTopic;
import dev.tollgate.ingest.api.RawEventStore;
import dev.tollgate.meters.aggregator.ArchiveConfig;
import dev.tollgate.meters.aggregator.EventArchive;
import dev.tollgate.meters.aggregator.EventKeyStore;
import dev.tollgate.meters.aggregator.WindowBatch;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;

/**
 * {@link EventArchive} on ClickHouse: the records go to the raw event store ({@code events}, a ReplacingMergeTree
 * whose sorting key ends with the Kafka position, read one row per position), the archiver's event keys to
 * {@code event_keys} under the label {@code <topic>#archive}, and its offsets, last, as commit markers beside the
 * aggregator's (see {@link ClickHouseWindowStore}).
 */
@ApplicationScoped
public class ClickHouseEventArchive implements EventArchive {

    private final RawEventStore rawEvents;
    private final ClickHouseWindowStore markers;
    private final ClickHouseEventKeyStore eventKeys;
    private final String groupId;

    ClickHouseEventArchive(RawEventStore rawEvents, ClickHouseWindowStore markers, ArchiveConfig config,
            IngestTopic ingest, dev.tollgate.shared.clickhouse.ClickHouse clickHouse) {
        this.rawEvents = rawEvents;
        this.markers = markers;
        this.groupId = config.groupId();
        this.eventKeys = new ClickHouseEventKeyStore(clickHouse, ingest.name() + "#archive");
    }

    @Override
    public void commit(WindowBatch batch) {
        eventKeys.write(batch.sightings());
        rawEvents.write(batch.storedEvents());
        markers.commitOffsets(groupId, batch.nextOffsets(), batch.id());
    }

    @Override
    public boolean isCommitted(String batchId) {
        return markers.isCommitted(groupId, batchId);
    }

    @Override
    public Map<Integer, Long> committedOffsets() {
        return markers.committedOffsets(groupId);
    }

    @Override
    public EventKeyStore eventKeys() {
        return eventKeys;
    }
}
