package dev.tollgate.app.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * The aggregator and the archiver in processes of their own (roles), each killed with SIGKILL while it still has
 * records of a stream to take, a stream that carries retried (duplicate) events: the aggregator alone, the archiver
 * alone, then both together. While the aggregator is down the archive does not get ahead of the meters. Once they
 * have caught up, every event is counted once in the meters and archived once, and no retry is in the archive.
 */
class RoleSplitCrashIT {

    private static final int EVENTS = CrashRecoveryIT.EVENTS;
    private static final int QUARTER = EVENTS / 4;
    private static final int EVENTS_PER_SECOND = 2_500;

    @Test
    void metersStayExactAndTheArchiveCompleteAcrossKilledAggregatorsAndArchivers() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String subject = "split-" + run;
        String topic = "it-split-" + run;
        Map<String, String> settings = new HashMap<>(Map.of(
                "tollgate.ingest.topic", topic,
                "tollgate.aggregator.group-id", "it-split-" + run,
                "tollgate.aggregator.flush-interval", "100ms",
                "tollgate.archive.flush-interval", "500ms"));
        for (String channel : new String[] { "events-in", "events-archive" }) {
            settings.put("mp.messaging.incoming." + channel + ".max.poll.records", "500");
            // A killed instance's partitions are handed over once its session expires; keep that short.
            settings.put("mp.messaging.incoming." + channel + ".session.timeout.ms", "6000");
            settings.put("mp.messaging.incoming." + channel + ".heartbeat.interval.ms", "2000");
        }
        Path log = Files.createTempFile("tollgate-split-it-", ".log");
        int aggregatorPort = CrashRecoveryIT.freePort();
        int archiverPort = CrashRecoveryIT.freePort();

        try (AppProcess front = new AppProcess(CrashRecoveryIT.freePort(), with(settings, "api,ingest"), log).start()) {
            AppProcess aggregator = new AppProcess(aggregatorPort, with(settings, "aggregator"), log).start();
            AppProcess archiver = new AppProcess(archiverPort, with(settings, "archiver"), log).start();
            try {
                // A process serves only its roles' endpoints.
                assertThat(aggregator.get("/api/v1/customers")).isEqualTo(404);
                assertThat(front.get("/api/v1/customers")).isEqualTo(200);

                Instant appNow = front.now();
                Duration skew = Duration.between(Instant.now(), appNow);
                Instant base = appNow.truncatedTo(ChronoUnit.HOURS).minus(Duration.ofHours(3));
                // Each quarter of the stream: a process is killed while it still has records of it to take.
                CompletableFuture<Void> stream = produce(topic, subject, base, skew, 0);
                CrashRecoveryIT.awaitCountAbove(front, subject, BigDecimal.valueOf(2_000));
                aggregator.kill();
                assertThat(CrashRecoveryIT.count(front, subject)).isLessThan(BigDecimal.valueOf(QUARTER));
                // Meanwhile the archive does not run ahead of the meters: it takes the aggregator's decisions.
                Thread.sleep(2_000);
                long archivedWhileDown = archivedPositions(subject);
                assertThat(BigDecimal.valueOf(archivedWhileDown))
                        .isLessThanOrEqualTo(CrashRecoveryIT.count(front, subject));
                aggregator = new AppProcess(aggregatorPort, with(settings, "aggregator"), log).start();
                stream.get();

                stream = produce(topic, subject, base, skew, 1);
                awaitArchivedAbove(subject, QUARTER + 2_000);
                archiver.kill();
                assertThat(archivedPositions(subject)).isLessThan(2 * QUARTER);
                archiver = new AppProcess(archiverPort, with(settings, "archiver"), log).start();
                stream.get();

                CrashRecoveryIT.awaitCountAbove(front, subject, BigDecimal.valueOf(2 * QUARTER - 1));
                stream = produce(topic, subject, base, skew, 2);
                CrashRecoveryIT.awaitCountAbove(front, subject, BigDecimal.valueOf(2 * QUARTER + 2_000));
                aggregator.kill();
                archiver.kill();
                assertThat(CrashRecoveryIT.count(front, subject)).isLessThan(BigDecimal.valueOf(3 * QUARTER));
                assertThat(archivedPositions(subject)).isLessThan(3 * QUARTER);
                stream.get();
                aggregator = new AppProcess(aggregatorPort, with(settings, "aggregator"), log).start();
                archiver = new AppProcess(archiverPort, with(settings, "archiver"), log).start();

                stream = produce(topic, subject, base, skew, 3);
                stream.get();
                front.awaitAggregator(CrashRecoveryIT.PARTITIONS);
                assertThat(CrashRecoveryIT.count(front, subject)).isEqualByComparingTo(BigDecimal.valueOf(EVENTS));
                // Every position archived, each event once: the retries were recognised as the aggregator did.
                await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500))
                        .until(() -> archivedPositions(subject) == EVENTS);
                assertThat(AppProcess.clickHouseNumber("SELECT uniqExact(id) FROM events WHERE subject = '"
                        + subject + "'")).isEqualTo(EVENTS);
                // The browser's lag says the archive is caught up.
                await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500))
                        .until(() -> front.getHeader("/api/v1/events?limit=1", "Tollgate-Archive-Lag-Events"),
                                "0"::equals);
            } finally {
                aggregator.close();
                archiver.close();
            }
        }
    }

    private static CompletableFuture<Void> produce(String topic, String subject, Instant base, Duration skew,
            int quarter) {
        return CompletableFuture.runAsync(() -> CrashRecoveryIT.produce(topic, subject, base, skew,
                quarter * QUARTER, (quarter + 1) * QUARTER, EVENTS_PER_SECOND));
    }

    private static Map<String, String> with(Map<String, String> settings, String roles) {
        Map<String, String> process = new HashMap<>(settings);
        process.put("tollgate.process.roles", roles);
        return process;
    }

    private static long awaitArchivedAbove(String subject, long floor) {
        return await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(100))
                .until(() -> archivedPositions(subject), n -> n > floor);
    }

    /** Kafka positions of the subject's events in the archive, each counted once however often it was written. */
    private static long archivedPositions(String subject) throws IOException, InterruptedException {
        return AppProcess.clickHouseNumber("SELECT uniqExact(kafka_partition, kafka_offset) FROM events"
                + " WHERE subject = '" + subject + "'");
    }
}
