package dev.tollgate.app.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A clean stop (SIGTERM, as Kubernetes sends) ends the process without warnings or errors. The jobs that fire every
 * second or two used to go on during shutdown and fail against a closed EntityManagerFactory, an ERROR (Stripe sync)
 * and a handful of WARN lines on every rollout.
 */
class CleanShutdownIT {

    @Test
    void aStoppingProcessLogsNoWarningOrError() throws Exception {
        Path log = Files.createTempFile("tollgate-shutdown-it-", ".log");
        String run = UUID.randomUUID().toString().substring(0, 8);
        Map<String, String> settings = Map.of("tollgate.ingest.topic", "it-shutdown-" + run,
                "tollgate.aggregator.group-id", "it-shutdown-" + run);
        AppProcess app = new AppProcess(CrashRecoveryIT.freePort(), settings, log).start();
        // Long enough for every one- and two-second job to have run a few times.
        Thread.sleep(6_000);
        long stopping = Files.size(log);
        app.close();

        byte[] written = Files.readAllBytes(log);
        String shutdown = new String(written, (int) stopping, written.length - (int) stopping, StandardCharsets.UTF_8);
        List<String> problems = shutdown.lines().filter(l -> l.contains(" WARN ") || l.contains(" ERROR ")).toList();
        assertThat(shutdown).contains("stopped in");
        assertThat(problems).as("WARN and ERROR lines logged while the process stopped (%s)", log).isEmpty();
    }
}
