import io.vertx.core.AbstractVerticle;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An open-loop HTTP load generator, as wrk2 is: requests are sent on a fixed schedule (RATE per second, whatever the
 * answers do) and each latency is counted from when the request was due, not from when it was sent, so a stalled
 * server shows in the percentiles instead of slowing the load (no coordinated omission).
 *
 * <p>Usage: java -cp VERTX_CLASSPATH OpenLoop.java BASE_URL RATE SECONDS PATHS_FILE [CONNECTIONS [WARMUP_SECONDS]].
 * The API key comes from BENCH_KEY. Each request is a GET of the next line of PATHS_FILE, in turn. The first
 * WARMUP_SECONDS (default 10) run at the same rate in the same JVM and are not counted, so that neither this JVM's
 * start nor the server's is measured. Two event loops share the schedule (request i goes to loop i mod 2), each with
 * its own connections. Prints one line about the counted requests:
 * {@code openloop rate=R sent=N done=N errors=E achieved=A p50=.. p90=.. p99=.. p999=.. max=.. ms statuses={..}}.
 */
public class OpenLoop {

    static final int LOOPS = 2;

    public static void main(String[] args) throws Exception {
        URI base = URI.create(args[0]);
        int rate = Integer.parseInt(args[1]);
        int seconds = Integer.parseInt(args[2]);
        List<String> paths = Files.readAllLines(Path.of(args[3]));
        int connections = args.length > 4 ? Integer.parseInt(args[4]) : 64;
        int warmup = (args.length > 5 ? Integer.parseInt(args[5]) : 10) * rate;
        int counted = rate * seconds;
        Schedule schedule = new Schedule(rate, warmup, counted, paths, System.getenv("BENCH_KEY"));

        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(LOOPS));
        for (int loop = 0; loop < LOOPS; loop++) {
            int lane = loop;
            vertx.deployVerticle(() -> new Sender(schedule, lane, base, Math.max(1, connections / LOOPS)),
                    new DeploymentOptions()).toCompletionStage().toCompletableFuture().get();
        }
        boolean all = schedule.finished.await(schedule.total / rate + 60L, TimeUnit.SECONDS);
        long elapsed = System.nanoTime() - (schedule.start + warmup * schedule.intervalNanos);
        long[] done = Arrays.stream(schedule.latencies).filter(l -> l >= 0).sorted().toArray();
        Map<Integer, Long> counts = new TreeMap<>();
        schedule.statuses.forEach((status, count) -> counts.put(status, count.get()));
        System.out.printf("openloop rate=%d sent=%d done=%d errors=%d complete=%s achieved=%.0f p50=%.3f p90=%.3f"
                + " p99=%.3f p999=%.3f max=%.3f ms statuses=%s%n", rate, counted, done.length,
                schedule.errors.get(), all, done.length / (elapsed / 1e9), ms(done, 0.50), ms(done, 0.90),
                ms(done, 0.99), ms(done, 0.999), done.length == 0 ? 0 : done[done.length - 1] / 1e6, counts);
        vertx.close();
        System.exit(0);
    }

    /** When each request is due, and what came back. */
    static final class Schedule {

        final int warmup;
        final int total;
        final long intervalNanos;
        final long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(200);
        final long[] latencies;
        final List<String> paths;
        final String authorization;
        final AtomicInteger errors = new AtomicInteger();
        final Map<Integer, AtomicLong> statuses = new ConcurrentHashMap<>();
        final CountDownLatch finished;

        Schedule(int rate, int warmup, int counted, List<String> paths, String key) {
            this.warmup = warmup;
            this.total = warmup + counted;
            this.intervalNanos = 1_000_000_000L / rate;
            this.latencies = new long[counted];
            Arrays.fill(latencies, -1);
            this.paths = paths;
            this.authorization = "Bearer " + key;
            this.finished = new CountDownLatch(total);
        }

        long due(int i) {
            return start + i * intervalNanos;
        }

        void answered(int i, long due, int status) {
            if (i >= warmup) {
                latencies[i - warmup] = System.nanoTime() - due;
                statuses.computeIfAbsent(status, s -> new AtomicLong()).incrementAndGet();
            }
            finished.countDown();
        }

        void failed(int i) {
            if (i >= warmup) {
                errors.incrementAndGet();
            }
            finished.countDown();
        }
    }

    /** Sends requests lane, lane + LOOPS, lane + 2 LOOPS, ... on its own event loop, each when it is due. */
    static final class Sender extends AbstractVerticle {

        private final Schedule schedule;
        private final int lane;
        private final URI base;
        private final int connections;
        private HttpClient client;
        private int next;

        Sender(Schedule schedule, int lane, URI base, int connections) {
            this.schedule = schedule;
            this.lane = lane;
            this.base = base;
            this.connections = connections;
            this.next = lane;
        }

        @Override
        public void start() {
            client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true).setPipelining(false),
                    new PoolOptions().setHttp1MaxSize(connections));
            MultiMap headers = MultiMap.caseInsensitiveMultiMap().add(HttpHeaders.AUTHORIZATION,
                    schedule.authorization);
            vertx.setPeriodic(1, timer -> {
                long now = System.nanoTime();
                while (next < schedule.total && schedule.due(next) <= now) {
                    int i = next;
                    next += LOOPS;
                    long due = schedule.due(i);
                    RequestOptions options = new RequestOptions().setMethod(HttpMethod.GET)
                            .setHost(base.getHost()).setPort(base.getPort())
                            .setURI(schedule.paths.get(i % schedule.paths.size())).setHeaders(headers);
                    client.request(options).compose(request -> request.send()).onComplete(sent -> {
                        if (sent.failed()) {
                            schedule.failed(i);
                            return;
                        }
                        int status = sent.result().statusCode();
                        sent.result().end().onComplete(ended -> {
                            if (ended.succeeded()) {
                                schedule.answered(i, due, status);
                            } else {
                                schedule.failed(i);
                            }
                        });
                    });
                }
                if (next >= schedule.total) {
                    vertx.cancelTimer(timer);
                }
            });
        }
    }

    private static double ms(long[] sorted, double quantile) {
        if (sorted.length == 0) {
            return 0;
        }
        int index = (int) Math.min(sorted.length - 1, Math.ceil(quantile * sorted.length) - 1);
        return sorted[Math.max(0, index)] / 1e6;
    }
}
