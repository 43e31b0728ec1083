package dev.tollgate.meters.aggregator;

import dev.tollgate.shared.clickhouse.ClickHouseMigrator;
import io.smallrye.reactive.messaging.kafka.KafkaConsumerRebalanceListener;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;
import org.jboss.logging.Logger;

/**
 * Resumes each assigned partition from the offset stored with the group's batches, not from Kafka's committed offset,
 * and makes the folder write its pending batch before a partition moves to another instance.
 */
abstract class ResumeFromStoredOffsets implements KafkaConsumerRebalanceListener {

    private static final Logger LOG = Logger.getLogger(ResumeFromStoredOffsets.class);

    private final TopicFolder folder;
    private final BatchStore store;
    private final ClickHouseMigrator schema;
    private final String name;

    ResumeFromStoredOffsets(String name, TopicFolder folder, BatchStore store, ClickHouseMigrator schema) {
        this.name = name;
        this.folder = folder;
        this.store = store;
        this.schema = schema;
    }

    @Override
    public void onPartitionsAssigned(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        if (partitions.isEmpty()) {
            return;
        }
        schema.awaitSchema();
        Map<Integer, Long> committed = committedOffsets();
        Map<Integer, Long> resumeFrom = new HashMap<>();
        for (TopicPartition partition : partitions) {
            Long offset = committed.get(partition.partition());
            if (offset == null) {
                consumer.seekToBeginning(List.of(partition));
                resumeFrom.put(partition.partition(), 0L);
            } else {
                consumer.seek(partition, offset);
                resumeFrom.put(partition.partition(), offset);
            }
        }
        folder.assigned(resumeFrom);
        LOG.infof("%s: assigned partitions, resuming from stored offsets %s", name, resumeFrom);
    }

    @Override
    public void onPartitionsRevoked(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        if (!partitions.isEmpty()) {
            rewind(consumer, partitions, folder.revoked(partitions.stream().map(TopicPartition::partition).toList()));
        }
    }

    @Override
    public void onPartitionsLost(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        Map<Integer, Long> rewind = folder.lost(partitions.stream().map(TopicPartition::partition).toList());
        rewind(consumer, partitions, rewind);
        LOG.warnf("%s: lost partitions %s; dropped the unwritten batch and rewound %s", name, partitions, rewind);
    }

    private static void rewind(Consumer<?, ?> consumer, Collection<TopicPartition> partitions,
            Map<Integer, Long> offsets) {
        String topic = partitions.iterator().next().topic();
        offsets.forEach((partition, offset) -> consumer.seek(new TopicPartition(topic, partition), offset));
    }

    /** Without the stored offsets no partition can start safely, so wait for ClickHouse rather than guess. */
    private Map<Integer, Long> committedOffsets() {
        return UntilStored.call("read stored offsets", store::committedOffsets);
    }
}
