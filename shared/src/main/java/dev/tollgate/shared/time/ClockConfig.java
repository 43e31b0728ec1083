package dev.tollgate.shared.time;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "tollgate.clock")
public interface ClockConfig {

    /**
     * Whether tests may set and move the app's clock (through {@link MovableClock} and {@code /api/v1/test/clock}).
     * Off in production: the app then reads the system clock, and the clock endpoint answers 404.
     */
    @WithDefault("false")
    boolean movable();
}
