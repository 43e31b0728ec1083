package dev.tollgate.finance.domain;

import java.util.Locale;
import java.util.Optional;

/**
 * The kinds of LLM tokens an LLM price distinguishes, as in OpenMeter's LLM cost pricing. {@code request} and
 * {@code response} are accepted for input and output, the words Kong and some SDKs use.
 */
public enum TokenType {
    INPUT, OUTPUT, CACHE_READ, CACHE_WRITE, REASONING;

    /** The token type a meter's group value or a feature's static value names, if any. */
    public static Optional<TokenType> parse(String value) {
        if (value == null) {
            return Optional.empty();
        }
        return switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "input", "request" -> Optional.of(INPUT);
            case "output", "response" -> Optional.of(OUTPUT);
            case "cache_read" -> Optional.of(CACHE_READ);
            case "cache_write" -> Optional.of(CACHE_WRITE);
            case "reasoning" -> Optional.of(REASONING);
            default -> Optional.empty();
        };
    }

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
