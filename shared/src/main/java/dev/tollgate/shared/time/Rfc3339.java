package dev.tollgate.shared.time;

import dev.tollgate.shared.problem.ApiException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.time.temporal.ChronoField;
import java.util.Optional;

/**
 * Strict RFC 3339 timestamps ({@code 2026-01-31T12:00:00.5+01:00}): a four-digit year, seconds, and an offset of
 * {@code Z} or {@code ±hh:mm}. Java's ISO parser is looser (it takes {@code 12:00Z} and {@code +05}), which RFC 3339 does not allow.
 */
public final class Rfc3339 {

    private static final DateTimeFormatter FORMAT = new DateTimeFormatterBuilder()
            .parseCaseInsensitive()
            // RFC 3339's date-fullyear is four digits: no sign, no year 10000 or +999999999.
            .appendValue(ChronoField.YEAR, 4).appendLiteral('-')
            .appendValue(ChronoField.MONTH_OF_YEAR, 2).appendLiteral('-')
            .appendValue(ChronoField.DAY_OF_MONTH, 2)
            .appendLiteral('T')
            .appendValue(ChronoField.HOUR_OF_DAY, 2).appendLiteral(':')
            .appendValue(ChronoField.MINUTE_OF_HOUR, 2).appendLiteral(':')
            .appendValue(ChronoField.SECOND_OF_MINUTE, 2)
            .optionalStart().appendFraction(ChronoField.NANO_OF_SECOND, 1, 9, true).optionalEnd()
            .appendOffset("+HH:MM", "Z")
            .toFormatter()
            .withResolverStyle(ResolverStyle.STRICT)
            .withChronology(java.time.chrono.IsoChronology.INSTANCE);

    private Rfc3339() {
    }

    /**
     * An optional request parameter: null when absent or blank, a 400 problem naming the parameter when it is not
     * RFC 3339.
     */
    public static Instant parameter(String name, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        return parse(value.trim()).orElseThrow(() -> ApiException.invalid(name, "format",
                "must be an RFC 3339 timestamp such as 2026-01-01T00:00:00Z"));
    }

    public static Optional<Instant> parse(String value) {
        Instant canonical = parseUtc(value);
        if (canonical != null) {
            return Optional.of(canonical);
        }
        try {
            return Optional.of(OffsetDateTime.parse(value, FORMAT).toInstant());
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    /**
     * The form Tollgate writes ({@code 2026-01-31T12:00:00Z}, with up to nine fraction digits), read without the
     * formatter, whose optional sections allocate heavily: every event's time is read this way, often several times.
     * Anything else returns null and takes the general path.
     */
    private static Instant parseUtc(String s) {
        int length = s.length();
        if (length < 20 || length > 30 || s.charAt(4) != '-' || s.charAt(7) != '-' || s.charAt(10) != 'T'
                || s.charAt(13) != ':' || s.charAt(16) != ':' || s.charAt(length - 1) != 'Z') {
            return null;
        }
        int nanos = 0;
        if (length > 20) {
            if (s.charAt(19) != '.' || length == 21) {
                return null;
            }
            for (int i = 20; i < 29; i++) {
                int digit = i < length - 1 ? digit(s, i) : 0;
                if (digit < 0) {
                    return null;
                }
                nanos = nanos * 10 + digit;
            }
        }
        int year = number(s, 0, 4);
        int month = number(s, 5, 2);
        int day = number(s, 8, 2);
        int hour = number(s, 11, 2);
        int minute = number(s, 14, 2);
        int second = number(s, 17, 2);
        if (year < 0 || month < 1 || month > 12 || day < 1 || day > 31 || hour < 0 || hour > 23 || minute < 0
                || minute > 59 || second < 0 || second > 59) {
            return null;
        }
        try {
            return java.time.LocalDateTime.of(year, month, day, hour, minute, second, nanos)
                    .toInstant(java.time.ZoneOffset.UTC);
        } catch (java.time.DateTimeException invalidDate) {
            return null;
        }
    }

    private static int number(String s, int from, int digits) {
        int value = 0;
        for (int i = from; i < from + digits; i++) {
            int digit = digit(s, i);
            if (digit < 0) {
                return -1;
            }
            value = value * 10 + digit;
        }
        return value;
    }

    private static int digit(String s, int i) {
        char c = s.charAt(i);
        return c >= '0' && c <= '9' ? c - '0' : -1;
    }
}
