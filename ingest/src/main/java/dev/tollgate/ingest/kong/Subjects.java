package dev.tollgate.ingest.kong;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;

/** Picks the CloudEvents subject, the party the usage is metered for. */
final class Subjects {

    private Subjects() {
    }

    /**
     * The configured source's value, else the anonymous subject. Kong logs no consumer when no auth plugin ran, on
     * 401s and when no route matched; such calls are still metered, under the anonymous subject.
     */
    static String of(JsonNode record, KongMappingConfig config) {
        JsonNode consumer = record.path("consumer");
        Optional<String> subject = switch (config.subjectSource()) {
            case CONSUMER_USERNAME -> KongJson.text(consumer.get("username"));
            case CONSUMER_ID -> KongJson.text(consumer.get("id"));
            case CONSUMER_CUSTOM_ID -> KongJson.text(consumer.get("custom_id"));
            case HEADER -> KongJson.firstText(
                    KongJson.header(record.path("request").get("headers"), config.subjectHeader()));
        };
        return subject.orElse(config.anonymousSubject());
    }
}
