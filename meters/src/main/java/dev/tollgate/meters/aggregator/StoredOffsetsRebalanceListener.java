package dev.tollgate.meters.aggregator;

import dev.tollgate.shared.clickhouse.ClickHouseMigrator;
import io.smallrye.common.annotation.Identifier;
import io.smallrye.reactive.messaging.kafka.KafkaConsumerRebalanceListener;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;
import org.jboss.logging.Logger;

/**
 * Resumes each assigned partition from the offset stored with the windows, not from Kafka's committed offset, and makes
 * the aggregator write its pending windows before a partition moves to another instance.
 */
@ApplicationScoped
@Identifier(StoredOffsetsRebalanceListener.NAME)
public class StoredOffsetsRebalanceListener implements KafkaConsumerRebalanceListener {

    public static final String NAME = "tollgate-stored-offsets";
    private static final Logger LOG = Logger.getLogger(StoredOffsetsRebalanceListener.class);

    private final UsageAggregator aggregator;
    private final WindowStore store;
    private final ClickHouseMigrator schema;

    StoredOffsetsRebalanceListener(UsageAggregator aggregator, WindowStore store, ClickHouseMigrator schema) {
        this.aggregator = aggregator;
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
        aggregator.assigned(resumeFrom);
        LOG.infof("assigned partitions, resuming from stored offsets %s", resumeFrom);
    }

    @Override
    public void onPartitionsRevoked(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        aggregator.revoked(partitions.stream().map(TopicPartition::partition).toList());
    }

    @Override
    public void onPartitionsLost(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        Map<Integer, Long> rewind = aggregator.lost(partitions.stream().map(TopicPartition::partition).toList());
        String topic = partitions.iterator().next().topic();
        rewind.forEach((partition, offset) -> consumer.seek(new TopicPartition(topic, partition), offset));
        LOG.warnf("lost partitions %s; dropped unwritten windows and rewound %s", partitions, rewind);
    }

    /** Without the stored offsets no partition can start safely, so wait for ClickHouse rather than guess. */
    private Map<Integer, Long> committedOffsets() {
        return UntilStored.call("read stored offsets", store::committedOffsets);
    }
}
