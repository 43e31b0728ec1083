package dev.tollgate.ingest.kong;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** Lenient reads of Kong's JSON, where any field may be missing, null or of an unexpected type. */
final class KongJson {

    /** Longer numeric strings are not token counts or latencies; refusing them keeps parsing cheap. */
    private static final int MAX_NUMBER_LENGTH = 64;

    /**
     * Numbers beyond 10^40 or finer than 10^-40 mean nothing in a log record, and values such as {@code 1e999999999}
     * would make later arithmetic or plain-decimal output blow up: they are read as absent.
     */
    private static final int MAX_DIGITS_EITHER_SIDE = 40;

    /**
     * Any decimal of up to 15 significant digits survives a trip through {@code double} and back when rounded to 15
     * digits (DBL_DIG), so this recovers the number as written whichever way the JSON mapper read it.
     */
    static final MathContext DOUBLE_DIGITS = new MathContext(15, RoundingMode.HALF_EVEN);

    private KongJson() {
    }

    /** A non-blank string value, trimmed. */
    static Optional<String> text(JsonNode node) {
        if (node == null || !node.isTextual()) {
            return Optional.empty();
        }
        String value = node.asText().trim();
        return value.isEmpty() ? Optional.empty() : Optional.of(value);
    }

    /** JSON text short enough for a message. */
    static String abbreviate(String value) {
        return value.length() <= 40 ? value : value.substring(0, 37) + "...";
    }

    /** A header value: a string, or the first string of an array (Kong logs a repeated header as an array). */
    static Optional<String> firstText(JsonNode node) {
        if (node != null && node.isArray()) {
            for (JsonNode element : node) {
                Optional<String> value = text(element);
                if (value.isPresent()) {
                    return value;
                }
            }
            return Optional.empty();
        }
        return text(node);
    }

    /**
     * A number, or a string holding one (Kong versions and custom fields differ). Read as {@link BigDecimal} because
     * Kong's cjson writes large values in exponent form, e.g. {@code 1.7267838395395e+18}, and the application's
     * mapper may hand over floats as doubles or as decimals.
     */
    static Optional<BigDecimal> number(JsonNode node) {
        if (node == null) {
            return Optional.empty();
        }
        if (node.isNumber()) {
            if (node.isFloatingPointNumber() && !node.isBigDecimal()) {
                // Back to the digits Kong wrote (cjson prints 14 significant digits), not the double's binary
                // expansion: 1.7513622101251e+18 stays that, where new BigDecimal(double), and on Java 17 even
                // BigDecimal.valueOf, would give 1.75136221012510003E+18.
                double value = node.doubleValue();
                return Double.isFinite(value) ? sane(new BigDecimal(value).round(DOUBLE_DIGITS)) : Optional.empty();
            }
            return sane(node.decimalValue());
        }
        Optional<String> text = text(node);
        if (text.isEmpty() || text.get().length() > MAX_NUMBER_LENGTH) {
            return Optional.empty();
        }
        try {
            return sane(new BigDecimal(text.get()));
        } catch (NumberFormatException notANumber) {
            return Optional.empty();
        }
    }

    private static Optional<BigDecimal> sane(BigDecimal value) {
        if (value.signum() == 0) {
            return Optional.of(BigDecimal.ZERO);
        }
        BigDecimal stripped = value.stripTrailingZeros();
        boolean tooLarge = stripped.precision() - stripped.scale() > MAX_DIGITS_EITHER_SIDE;
        boolean tooFine = stripped.scale() > MAX_DIGITS_EITHER_SIDE;
        return tooLarge || tooFine ? Optional.empty() : Optional.of(stripped);
    }

    /** A JSON number written without needless decimals: 37, not 37.0 or 3.7E+1. */
    static JsonNode numberNode(BigDecimal value) {
        BigDecimal stripped = value.signum() == 0 ? BigDecimal.ZERO : value.stripTrailingZeros();
        if (stripped.scale() <= 0 && stripped.precision() - stripped.scale() <= 18) {
            return LongNode.valueOf(stripped.longValueExact());
        }
        // Values come through number(), so a negative scale is at most 40 digits: cheap to write out in full.
        return DecimalNode.valueOf(stripped.scale() < 0 ? stripped.setScale(0) : stripped);
    }

    /** A request header, matched case-insensitively because records edited by custom fields may not be lower-case. */
    static JsonNode header(JsonNode headers, String lowerCaseName) {
        if (headers == null || !headers.isObject()) {
            return null;
        }
        JsonNode exact = headers.get(lowerCaseName);
        if (exact != null) {
            return exact;
        }
        for (Map.Entry<String, JsonNode> entry : headers.properties()) {
            if (entry.getKey().toLowerCase(Locale.ROOT).equals(lowerCaseName)) {
                return entry.getValue();
            }
        }
        return null;
    }

    static void putText(ObjectNode target, String field, Optional<String> value) {
        value.ifPresent(v -> target.put(field, v));
    }

    static void putNumber(ObjectNode target, String field, Optional<BigDecimal> value) {
        value.ifPresent(v -> target.set(field, numberNode(v)));
    }
}
