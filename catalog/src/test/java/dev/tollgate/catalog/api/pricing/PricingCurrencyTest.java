package dev.tollgate.catalog.api.pricing;

import static dev.tollgate.catalog.api.pricing.PricingFixtures.JPY;
import static dev.tollgate.catalog.api.pricing.PricingFixtures.KWD;
import static dev.tollgate.catalog.api.pricing.PricingFixtures.USD;
import static dev.tollgate.catalog.api.pricing.PricingFixtures.d;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PricingCurrencyTest {

    @Test
    void minorUnitsComeFromIso4217() {
        assertThat(JPY.minorUnits()).isZero();
        assertThat(USD.minorUnits()).isEqualTo(2);
        assertThat(KWD.minorUnits()).isEqualTo(3);
        assertThat(PricingCurrency.of("EUR").minorUnits()).isEqualTo(2);
    }

    @Test
    void pseudoCurrencyWithoutMinorUnitsIsRejected() {
        assertThatThrownBy(() -> PricingCurrency.of("XXX")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("XXX");
        assertThatThrownBy(() -> PricingCurrency.of("XAU")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void unknownCodeIsRejected() {
        assertThatThrownBy(() -> PricingCurrency.of("ABC")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ABC");
        assertThatThrownBy(() -> PricingCurrency.of(null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void customPrecisionIsBounded() {
        assertThat(new PricingCurrency("CREDITS", 6).round(d("0.0000005"))).isEqualTo(d("0.000001"));
        assertThatThrownBy(() -> new PricingCurrency("CREDITS", 13)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new PricingCurrency("CREDITS", -1)).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest(name = "{0}: {1} rounds to {2}")
    @CsvSource({
            "JPY, 0.5, 1",
            "JPY, 2.5, 3",
            "JPY, 2.4999, 2",
            "JPY, -2.5, -3",
            "USD, 0.005, 0.01",
            "USD, 0.015, 0.02",
            "USD, 0.025, 0.03",
            "USD, 1.004999, 1.00",
            "USD, -0.005, -0.01",
            "USD, 7, 7.00",
            "KWD, 0.0005, 0.001",
            "KWD, 1.2345, 1.235",
            "KWD, 1.23449, 1.234",
    })
    void roundsHalfAwayFromZeroToMinorUnits(String code, String amount, String rounded) {
        assertThat(PricingCurrency.of(code).round(d(amount))).isEqualTo(d(rounded));
    }

    @Test
    void convertsToAndFromMinorUnits() {
        assertThat(USD.toMinorUnits(d("12.34"))).isEqualTo(BigInteger.valueOf(1234));
        assertThat(USD.toMinorUnits(d("12.3400"))).isEqualTo(BigInteger.valueOf(1234));
        assertThat(JPY.toMinorUnitsLong(d("500"))).isEqualTo(500L);
        assertThat(KWD.toMinorUnitsLong(d("1.234"))).isEqualTo(1234L);
        assertThat(USD.fromMinorUnits(BigInteger.valueOf(1234))).isEqualTo(d("12.34"));
        assertThat(JPY.fromMinorUnits(BigInteger.valueOf(500))).isEqualTo(d("500"));
    }

    @Test
    void refusesToConvertAnUnroundedAmount() {
        assertThatThrownBy(() -> USD.toMinorUnits(d("12.345"))).isInstanceOf(ArithmeticException.class);
        assertThatThrownBy(() -> USD.toMinorUnitsLong(d("1e30"))).isInstanceOf(ArithmeticException.class);
    }
}
