package dev.tollgate.app.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Readiness reports each dependency and goes not-ready while it is down, then recovers without a restart: one process
 * through an outage of each service in turn.
 */
class ReadinessIT {

    @Test
    void readinessFollowsEachDependency() throws Exception {
        Path log = Files.createTempFile("tollgate-readiness-it-", ".log");
        String run = java.util.UUID.randomUUID().toString().substring(0, 8);
        Map<String, String> settings = Map.of("tollgate.ingest.topic", "it-ready-" + run,
                "tollgate.aggregator.group-id", "it-ready-" + run);
        try (AppProcess app = new AppProcess(CrashRecoveryIT.freePort(), settings, log).start()) {
            await().atMost(Duration.ofSeconds(30)).until(() -> app.managementGet("/q/health/ready") == 200);
            for (String service : List.of("clickhouse", "postgres", "kafka")) {
                try {
                    stack("stop", service);
                    await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500))
                            .until(() -> app.managementGet("/q/health/ready") == 503);
                    assertThat(app.managementBody("/q/health/ready")).as("readiness with %s down", service)
                            .contains("\"DOWN\"");
                } finally {
                    stack("start", service);
                }
                await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                        .until(() -> app.managementGet("/q/health/ready") == 200);
            }
        }
    }

    private static void stack(String command, String service) throws Exception {
        Process process = new ProcessBuilder("bash", "scripts/stack.sh", command, service)
                .directory(AppProcess.repoRoot()).inheritIO().start();
        assertThat(process.waitFor(180, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as("scripts/stack.sh %s %s", command, service).isZero();
    }
}
