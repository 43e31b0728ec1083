package dev.tollgate.shared.time;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

@ConfigMapping(prefix = "tollgate.clock")
public interface ClockConfig {

    /**
     * Whether tests may set and move the app's clock (through {@link MovableClock} and {@code /api/v1/test/clock}).
     * Off in production: the app then reads the system clock, and the clock endpoint answers 404.
     */
    @WithDefault("false")
    boolean movable();

    /**
     * Where a movable clock starts, relative to the system clock: a test run at another date shifts every app process
     * it starts by the same duration (scripts/test.sh with TOLLGATE_TEST_DATE). Ignored unless the clock is movable.
     */
    @WithDefault("PT0S")
    Duration offset();
}
