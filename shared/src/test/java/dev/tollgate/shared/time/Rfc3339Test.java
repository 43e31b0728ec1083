package dev.tollgate.shared.time;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class Rfc3339Test {

    @ParameterizedTest
    @CsvSource({
        "2026-01-31T12:00:00Z, 2026-01-31T12:00:00Z",
        "2026-01-31T12:00:00.5Z, 2026-01-31T12:00:00.500Z",
        "2026-01-31T12:00:00.123456789Z, 2026-01-31T12:00:00.123456789Z",
        "2026-01-31t12:00:00z, 2026-01-31T12:00:00Z",
        "2026-01-31T12:00:00+05:30, 2026-01-31T06:30:00Z",
        "2026-01-31T12:00:00.25-01:00, 2026-01-31T13:00:00.250Z",
        "2024-02-29T23:59:59Z, 2024-02-29T23:59:59Z",
        "1970-01-01T00:00:00Z, 1970-01-01T00:00:00Z"
    })
    void readsRfc3339(String text, String expected) {
        assertThat(Rfc3339.parse(text)).contains(Instant.parse(expected));
    }

    @ParameterizedTest
    @ValueSource(strings = { "2026-01-31T12:00Z", "2026-01-31T12:00:00", "2026-01-31T12:00:00.Z",
        "2026-01-31T12:00:00.1234567890Z", "2026-02-30T12:00:00Z", "2025-02-29T12:00:00Z", "2026-13-01T00:00:00Z",
        "2026-01-31T24:00:00Z", "2026-01-31T12:60:00Z", "2026-01-31T12:00:60Z", "2026-01-31T12:00:00+05",
        "2026-01-31T12:00:00+05:30:15", "2026-01-31 12:00:00Z", "20260131T120000Z", "2026-1-31T12:00:00Z",
        "２０２６-01-31T12:00:00Z", "", "now", "+999999999-12-31T23:59:59Z", "-999999999-01-01T00:00:00Z",
        "+2026-01-31T12:00:00Z", "10000-01-01T00:00:00Z", "0999-1-01T00:00:00+01:00" })
    void rejectsEverythingElse(String text) {
        assertThat(Rfc3339.parse(text)).isEmpty();
    }
}
