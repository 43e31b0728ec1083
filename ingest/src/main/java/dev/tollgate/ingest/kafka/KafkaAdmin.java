package dev.tollgate.ingest.kafka;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/** One admin client for topic set-up, readiness and lag, shared so that they do not each hold connections. */
@ApplicationScoped
public class KafkaAdmin {

    private final Admin client;

    KafkaAdmin(KafkaSettings kafka) {
        this.client = Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                AdminClientConfig.CLIENT_ID_CONFIG, "tollgate-admin",
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000));
    }

    public Admin client() {
        return client;
    }

    @PreDestroy
    void close() {
        client.close(Duration.ofSeconds(5));
    }
}
