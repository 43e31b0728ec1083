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
import java.util.concurrent.atomic.AtomicReference;

/**
 * An open-loop HTTP load generator, as wrk2 is: requests are sent on a fixed schedule (RATE per second, whatever the
 * answers do) and each latency is counted from when the request was due, not from when it was sent, so a stalled
 * server shows in the percentiles instead of slowing the load (no coordinated omission).
 *
 * <p>Usage: java -cp VERTX_CLASSPATH OpenLoop.java BASE_URL RATE SECONDS PATHS_FILE [CONNECTIONS [WARMUP_SECONDS]].
 * The API key comes from BENCH_KEY. Each request is a GET of the next line of PATHS_FILE, in turn. First,
 * WARMUP_SECONDS (default 10) at the same rate in the same JVM, not counted, and answered in full before the measured
 * schedule starts, so that neither this JVM's start nor the server's is measured. Two event loops share the
 * schedule (request i goes to loop i mod 2), each with its own connections. Prints one line about the counted
 * requests, and the worst latency of each second of the schedule on stderr:
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
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(LOOPS));
        AtomicReference<Schedule> current = new AtomicReference<>();
        for (int loop = 0; loop < LOOPS; loop++) {
            int lane = loop;
            vertx.deployVerticle(() -> new Sender(current, lane, base, Math.max(1, connections / LOOPS)),
                    new DeploymentOptions()).toCompletionStage().toCompletableFuture().get();
        }
        if (warmup > 0) {
            // The warm-up is answered in full before the measured schedule starts, on the same connections, so that
            // a backlog the cold server builds up is not carried into the measurement.
            Schedule warming = new Schedule(rate, warmup, paths, System.getenv("BENCH_KEY"));
            current.set(warming);
            warming.finished.await(warmup / rate + 120L, TimeUnit.SECONDS);
        }
        Schedule schedule = new Schedule(rate, counted, paths, System.getenv("BENCH_KEY"));
        current.set(schedule);
        boolean all = schedule.finished.await(schedule.total / rate + 60L, TimeUnit.SECONDS);
        long elapsed = System.nanoTime() - schedule.start;
        long[] done = Arrays.stream(schedule.latencies).filter(l -> l >= 0).sorted().toArray();
        Map<Integer, Long> counts = new TreeMap<>();
        schedule.statuses.forEach((status, count) -> counts.put(status, count.get()));
        System.out.printf("openloop rate=%d sent=%d done=%d errors=%d complete=%s achieved=%.0f p50=%.3f p90=%.3f"
                + " p99=%.3f p999=%.3f max=%.3f ms statuses=%s%n", rate, counted, done.length,
                schedule.errors.get(), all, done.length / (elapsed / 1e9), ms(done, 0.50), ms(done, 0.90),
                ms(done, 0.99), ms(done, 0.999), done.length == 0 ? 0 : done[done.length - 1] / 1e6, counts);
        StringBuilder perSecond = new StringBuilder();
        for (int from = 0; from < schedule.latencies.length; from += rate) {
            long worst = 0;
            for (int i = from; i < Math.min(schedule.latencies.length, from + rate); i++) {
                worst = Math.max(worst, schedule.latencies[i]);
            }
            perSecond.append(perSecond.length() == 0 ? "" : " ").append(worst / 1_000_000);
        }
        System.err.println("worst latency per second of the schedule, ms: " + perSecond);
        vertx.close();
        System.exit(0);
    }

    /** When each request is due, and what came back. */
    static final class Schedule {

        final int total;
        final long intervalNanos;
        final long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(200);
        final long[] latencies;
        final List<String> paths;
        final MultiMap headers;
        final AtomicInteger errors = new AtomicInteger();
        final Map<Integer, AtomicLong> statuses = new ConcurrentHashMap<>();
        final CountDownLatch finished;

        Schedule(int rate, int counted, List<String> paths, String key) {
            this.total = counted;
            this.intervalNanos = 1_000_000_000L / rate;
            this.latencies = new long[counted];
            Arrays.fill(latencies, -1);
            this.paths = paths;
            this.headers = MultiMap.caseInsensitiveMultiMap().add(HttpHeaders.AUTHORIZATION, "Bearer " + key);
            this.finished = new CountDownLatch(total);
        }

        long due(int i) {
            return start + i * intervalNanos;
        }

        void answered(int i, long due, int status) {
            latencies[i] = System.nanoTime() - due;
            statuses.computeIfAbsent(status, s -> new AtomicLong()).incrementAndGet();
            finished.countDown();
        }

        void failed(int i) {
            errors.incrementAndGet();
            finished.countDown();
        }
    }

    /**
     * Sends requests lane, lane + LOOPS, lane + 2 LOOPS, ... of the current schedule on its own event loop, each when
     * it is due; keeps its connections from one schedule to the next.
     */
    static final class Sender extends AbstractVerticle {

        private final AtomicReference<Schedule> current;
        private final int lane;
        private final URI base;
        private final int connections;
        private HttpClient client;
        private Schedule schedule;
        private int next;

        Sender(AtomicReference<Schedule> current, int lane, URI base, int connections) {
            this.current = current;
            this.lane = lane;
            this.base = base;
            this.connections = connections;
        }

        @Override
        public void start() {
            client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true).setPipelining(false),
                    new PoolOptions().setHttp1MaxSize(connections));
            vertx.setPeriodic(1, timer -> {
                Schedule s = current.get();
                if (s == null) {
                    return;
                }
                if (s != schedule) {
                    schedule = s;
                    next = lane;
                }
                long now = System.nanoTime();
                while (next < s.total && s.due(next) <= now) {
                    int i = next;
                    next += LOOPS;
                    send(s, i);
                }
            });
        }

        private void send(Schedule s, int i) {
            long due = s.due(i);
            RequestOptions options = new RequestOptions().setMethod(HttpMethod.GET).setHost(base.getHost())
                    .setPort(base.getPort()).setURI(s.paths.get(i % s.paths.size())).setHeaders(s.headers);
            client.request(options).compose(request -> request.send()).onComplete(sent -> {
                if (sent.failed()) {
                    s.failed(i);
                    return;
                }
                int status = sent.result().statusCode();
                sent.result().end().onComplete(ended -> {
                    if (ended.succeeded()) {
                        s.answered(i, due, status);
                    } else {
                        s.failed(i);
                    }
                });
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
