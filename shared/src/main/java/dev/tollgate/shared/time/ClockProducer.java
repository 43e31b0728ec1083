package dev.tollgate.shared.time;

import io.quarkus.arc.DefaultBean;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;

/**
 * The one source of "now": every class that needs the time injects this {@link Clock}. It ticks in microseconds, the
 * precision PostgreSQL keeps, so that a time answered when something is created reads back the same afterwards. With
 * {@code tollgate.clock.movable} it is a {@link MovableClock}, which tests set and move through months.
 */
@Singleton
public class ClockProducer {

    @Produces
    @Singleton
    @DefaultBean
    Clock clock(ClockConfig config) {
        Clock system = Clock.tick(Clock.systemUTC(), Duration.ofNanos(1_000));
        if (!config.movable()) {
            return system;
        }
        MovableClock clock = new MovableClock(system);
        clock.advance(config.offset());
        return clock;
    }
}
