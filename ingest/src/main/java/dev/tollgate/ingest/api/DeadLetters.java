package dev.tollgate.ingest.api;

import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Parks a record of the ingest topic that cannot be processed, with the reason, so that nothing is dropped silently and
 * the pipeline never stops.
 */
public interface DeadLetters {

    /** Header on a parked record: why it was parked. */
    String REASON_HEADER = "tollgate-dlq-reason";
    /** Header on a parked record: {@code topic/partition/offset} it came from. */
    String ORIGIN_HEADER = "tollgate-dlq-origin";

    static String topicFor(String ingestTopic) {
        return ingestTopic + ".dlq";
    }

    /** Returns once the dead-letter topic holds the record, so that its offset may then be passed over. */
    void park(ConsumerRecord<?, byte[]> record, byte[] key, String reason) throws Exception;
}
