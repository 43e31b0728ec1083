package dev.tollgate.ingest.kong;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.Optional;

/** Kong's {@code started_at} (epoch milliseconds) as an RFC 3339 UTC timestamp. */
final class KongTime {

    /** 9999-12-31T23:59:59.999Z: later instants have no four-digit year, which RFC 3339 requires. */
    private static final BigDecimal MAX_MILLIS = BigDecimal.valueOf(253_402_300_799_999L);
    private static final BigInteger NANOS_PER_SECOND = BigInteger.valueOf(1_000_000_000L);

    private KongTime() {
    }

    /**
     * The instant, or empty when {@code started_at} is not a number of milliseconds between 1970 and 9999. The value
     * may be fractional or in exponent form ({@code 1.7513622101e+12}), so it is never parsed as a {@code long}.
     */
    static Optional<Instant> startedAt(JsonNode startedAt) {
        Optional<BigDecimal> millis = KongJson.number(startedAt);
        if (millis.isEmpty() || millis.get().signum() < 0 || millis.get().compareTo(MAX_MILLIS) > 0) {
            return Optional.empty();
        }
        BigInteger nanos = millis.get().movePointRight(6).setScale(0, RoundingMode.FLOOR).toBigIntegerExact();
        BigInteger[] secondsAndNanos = nanos.divideAndRemainder(NANOS_PER_SECOND);
        return Optional.of(Instant.ofEpochSecond(secondsAndNanos[0].longValueExact(),
                secondsAndNanos[1].longValueExact()));
    }

    /** {@code 2025-07-01T09:30:10.123Z}: UTC with {@code Z}, fractions only as long as needed. */
    static String format(Instant instant) {
        return DateTimeFormatter.ISO_INSTANT.format(instant);
    }
}
