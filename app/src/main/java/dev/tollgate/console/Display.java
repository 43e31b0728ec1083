package dev.tollgate.console;

import io.quarkus.qute.TemplateExtension;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Currency;
import java.util.Locale;

/**
 * How the console shows numbers and instants to people ({@code {fmt:money(row.cost, row.currency)}} in templates).
 * Money is rounded to the currency's minor units for display only, half up as invoices round
 * ({@code PricingCurrency.ROUNDING}); the API's exact values stay in its JSON and CSV.
 */
@TemplateExtension(namespace = "fmt")
public final class Display {

    private static final DateTimeFormatter MINUTE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

    private Display() {
    }

    /** {@code 1,234.57 USD}; the value as written when it is not a number. */
    public static String money(Object amount, Object currency) {
        BigDecimal value = decimal(amount);
        String code = currency == null ? "" : currency.toString();
        if (value == null) {
            return amount == null ? "" : amount + (code.isEmpty() ? "" : " " + code);
        }
        return grouped(value.setScale(minorUnits(code), RoundingMode.HALF_UP)) + (code.isEmpty() ? "" : " " + code);
    }

    /** A usage quantity: grouped digits, exact. */
    public static String number(Object amount) {
        BigDecimal value = decimal(amount);
        return value == null ? (amount == null ? "" : amount.toString()) : grouped(value);
    }

    /** A share (0.625) as a percentage with one decimal ({@code 62.5 %}). */
    public static String share(Object fraction) {
        BigDecimal value = decimal(fraction);
        return value == null ? "" : value.movePointRight(2).setScale(1, RoundingMode.HALF_UP).toPlainString() + " %";
    }

    /** An RFC 3339 instant as {@code 2026-12-05 14:00 UTC}; empty for none. */
    public static String time(Object rfc3339) {
        Instant instant = instant(rfc3339);
        return instant == null ? (rfc3339 == null ? "" : rfc3339.toString())
                : MINUTE.format(instant.atZone(ZoneOffset.UTC)) + " UTC";
    }

    /** Whether an amount is below zero (a negative margin is highlighted). */
    public static boolean negative(Object amount) {
        BigDecimal value = decimal(amount);
        return value != null && value.signum() < 0;
    }

    /** A window's start as people name the window, in the report's zone: a month, a day, or a day and time. */
    static String window(String rfc3339, String size, String zone) {
        Instant instant = instant(rfc3339);
        if (instant == null) {
            return rfc3339 == null ? "" : rfc3339;
        }
        ZoneId id;
        try {
            id = ZoneId.of(zone == null || zone.isBlank() ? "UTC" : zone);
        } catch (RuntimeException e) {
            id = ZoneOffset.UTC;
        }
        String local = MINUTE.format(instant.atZone(id));
        if ("MONTH".equals(size)) {
            return local.substring(0, 7);
        }
        return "DAY".equals(size) || local.endsWith("00:00") ? local.substring(0, 10) : local;
    }

    static int minorUnits(String currency) {
        try {
            int digits = Currency.getInstance(currency).getDefaultFractionDigits();
            return digits < 0 ? 2 : digits;
        } catch (RuntimeException e) {
            return 2;
        }
    }

    /** An amount the API wrote as a decimal string (money) or a number (usage); zero when there is none. */
    static BigDecimal amount(com.fasterxml.jackson.databind.JsonNode node) {
        BigDecimal value = decimal(node.isNumber() ? node.decimalValue() : node.asText(null));
        return value == null ? BigDecimal.ZERO : value;
    }

    static BigDecimal decimal(Object amount) {
        if (amount instanceof BigDecimal d) {
            return d;
        }
        if (amount instanceof Number n) {
            return new BigDecimal(n.toString());
        }
        try {
            return amount == null || amount.toString().isBlank() ? null : new BigDecimal(amount.toString().strip());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static Instant instant(Object rfc3339) {
        try {
            return rfc3339 == null || rfc3339.toString().isBlank() ? null
                    : java.time.OffsetDateTime.parse(rfc3339.toString()).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static String grouped(BigDecimal value) {
        DecimalFormat format = new DecimalFormat("#,##0", DecimalFormatSymbols.getInstance(Locale.ROOT));
        format.setMinimumFractionDigits(Math.max(0, value.scale()));
        format.setMaximumFractionDigits(Math.max(0, value.scale()));
        format.setRoundingMode(RoundingMode.UNNECESSARY);
        return format.format(value);
    }
}
