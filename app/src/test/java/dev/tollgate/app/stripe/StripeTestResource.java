package dev.tollgate.app.stripe;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Starts a {@link FakeStripe} for a test class and points Tollgate at it: its API base, and a fixed HTTP port so that
 * the webhook endpoint Tollgate registers at install reaches this Tollgate. The fake reads the app's movable clock
 * once the test hands it over ({@link #followClock}), so that signatures and idempotency windows move with it.
 */
public class StripeTestResource implements QuarkusTestResourceLifecycleManager {

    private static volatile FakeStripe fake;
    private static volatile Supplier<Instant> now = Instant::now;

    /** The running fake. */
    public static FakeStripe fake() {
        return fake;
    }

    /** Makes the fake read this clock (the app's test clock). */
    public static void followClock(Clock clock) {
        now = clock::instant;
    }

    @Override
    public Map<String, String> start() {
        fake = FakeStripe.start(new Clock() {
            @Override
            public ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return now.get();
            }
        });
        int port = freePort();
        return Map.of("quarkus.http.test-port", Integer.toString(port),
                "tollgate.stripe.api-base", fake.baseUrl(),
                "tollgate.stripe.webhook-base-url", "http://127.0.0.1:" + port,
                "tollgate.stripe.read-timeout", "2s",
                "tollgate.stripe.max-network-retries", "2");
    }

    @Override
    public void stop() {
        if (fake != null) {
            fake.close();
        }
        now = Instant::now;
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
