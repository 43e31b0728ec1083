package dev.tollgate.catalog.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tollgate.shared.problem.ApiException;
import dev.tollgate.shared.time.Rfc3339;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SubscriptionTimingTest {

    @ParameterizedTest
    @ValueSource(strings = {"1970-01-01T00:00:00Z", "2026-06-30T12:00:00+02:00", "2199-12-31T23:59:59.999Z"})
    void datesFrom1970ToBefore2200AreTaken(String value) {
        assertThat(SubscriptionTiming.parse("timing", value, null))
                .isEqualTo(new SubscriptionTiming.At(Rfc3339.parse(value).orElseThrow()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"0001-01-01T00:00:00Z", "1969-12-31T23:59:59Z", "2200-01-01T00:00:00Z",
        "9999-12-31T23:59:59Z"})
    void datesOutsideAreRefusedNamingTheField(String value) {
        assertThatThrownBy(() -> SubscriptionTiming.parse("timing", value, null))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.validationErrors()).singleElement()
                            .satisfies(error -> assertThat(error.field()).isEqualTo("timing"));
                });
    }
}
