package dev.tollgate.notifications.webhook;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Random;

/**
 * When to try a webhook message again. The schedule is the delay before each attempt (the first usually zero), so its
 * size is the number of attempts; the default follows Svix's: immediately, then 5 s, 5 min, 30 min, 2 h, 5 h, 10 h and
 * 10 h, about 27.5 hours in all. Each delay gets ±20 % random jitter, so the retries of many messages that failed
 * together (a receiver's outage) do not all arrive at the same moment when it comes back.
 */
@ApplicationScoped
public class RetrySchedule {

    public static final List<Duration> DEFAULT_DELAYS = List.of(Duration.ZERO, Duration.ofSeconds(5),
            Duration.ofMinutes(5), Duration.ofMinutes(30), Duration.ofHours(2), Duration.ofHours(5),
            Duration.ofHours(10), Duration.ofHours(10));

    /** The jitter spans ±{@value} of each delay. */
    static final double JITTER = 0.2;

    private final List<Duration> delays;
    private final Random random;

    @Inject
    public RetrySchedule(WebhookConfig config) {
        this(config.retryDelays(), new Random());
    }

    /**
     * @param delays the delay before each attempt, at least one, none negative
     * @param random the source of jitter; tests pass a fixed one
     */
    public RetrySchedule(List<Duration> delays, Random random) {
        if (delays == null || delays.isEmpty()) {
            throw new IllegalArgumentException("a retry schedule needs at least one attempt");
        }
        if (delays.stream().anyMatch(d -> d == null || d.isNegative())) {
            throw new IllegalArgumentException("retry delays must not be negative");
        }
        this.delays = List.copyOf(delays);
        this.random = random;
    }

    /** How many attempts a message gets in all. */
    public int attempts() {
        return delays.size();
    }

    /** The delay before the first attempt, with jitter (usually zero: send right away). */
    public Duration firstDelay() {
        return jittered(delays.get(0));
    }

    /**
     * The delay before the next attempt, with jitter.
     *
     * @param failedAttempt the attempt that just failed, 1-based
     * @return empty when that was the last attempt
     */
    public Optional<Duration> delayAfter(int failedAttempt) {
        if (failedAttempt < 1) {
            throw new IllegalArgumentException("attempts count from 1, not " + failedAttempt);
        }
        if (failedAttempt >= delays.size()) {
            return Optional.empty();
        }
        return Optional.of(jittered(delays.get(failedAttempt)));
    }

    private Duration jittered(Duration delay) {
        double factor = 1 - JITTER + 2 * JITTER * random.nextDouble();
        return Duration.ofMillis(Math.round(delay.toMillis() * factor));
    }
}
