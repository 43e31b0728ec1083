package dev.tollgate.console;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** The console's settings ({@code tollgate.console.*}). */
@ConfigMapping(prefix = "tollgate.console")
public interface ConsoleConfig {

    /**
     * Where the console's pages call the API. By default the address and port the browser's request arrived on, over
     * plain HTTP: set it when Tollgate serves only HTTPS, or behind an address it cannot reach itself.
     */
    Optional<String> apiUrl();

    /** How long a page waits for one API call before it shows the call as failed. */
    @WithDefault("10s")
    Duration apiTimeout();

    /**
     * How many meters a page asks about, at most (one usage query each, all at once); those with usage in the range
     * are charted, the others named.
     */
    @WithDefault("20")
    int chartedMeters();

    /**
     * How old a report's figures (overview, showback, revenue, margin, usage charts, and the names of the customers
     * they show) may be before a page asks for them again in the background; the page shows them meanwhile, with
     * their time. {@code 0s}: every page asks the API at once.
     */
    @WithDefault("60s")
    Duration reportRefresh();

    /**
     * How long a report snapshot may take to compute. A page waits {@code api-timeout} for it and then says it is
     * still being computed; the snapshot is kept when it comes.
     */
    @WithDefault("2m")
    Duration reportTimeout();

    /** Report figures older than this are not shown: the page waits for the API's answer. */
    @WithDefault("10m")
    Duration reportMaxAge();

    /** How many report answers the console keeps, over all keys and ranges. */
    @WithDefault("1000")
    int reportSnapshots();
}
