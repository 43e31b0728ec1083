package dev.tollgate.notifications.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WebhookConfigTest {

    private static WebhookConfig config(Map<String, String> properties) {
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                // Quarkus's own converter, so "5s" and "2h" parse as they do in the application.
                .withConverter(Duration.class, 200, new DurationConverter())
                .withSources(new io.smallrye.config.PropertiesConfigSource(properties, "test", 100))
                .withMapping(WebhookConfig.class)
                .build();
        return config.getConfigMapping(WebhookConfig.class);
    }

    @Test
    void theDefaults() {
        WebhookConfig config = config(Map.of());
        assertThat(config.allowPrivateTargets()).isFalse();
        assertThat(config.connectTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(config.requestTimeout()).isEqualTo(Duration.ofSeconds(15));
        assertThat(config.maxResponseBytes()).isEqualTo(16384);
        assertThat(config.retryDelays()).isEqualTo(RetrySchedule.DEFAULT_DELAYS);
        assertThat(config.userAgent()).isEqualTo("Tollgate-Webhooks/1.0");
    }

    @Test
    void theRetryDelaysAreAConfigurableList() {
        WebhookConfig config = config(Map.of("tollgate.notifications.webhook.retry-delays", "0s,1m,1h",
                "tollgate.notifications.webhook.allow-private-targets", "true"));
        assertThat(config.retryDelays())
                .containsExactly(Duration.ZERO, Duration.ofMinutes(1), Duration.ofHours(1));
        assertThat(config.allowPrivateTargets()).isTrue();
    }
}
