package dev.tollgate.finance.domain;

import java.math.BigDecimal;
import java.util.Optional;

/**
 * One model's price per token of each type, exact. Input and output are always priced; the others may be unknown
 * (null), and usage of an unknown type is reported with cost 0 and a warning rather than guessed.
 */
public record LlmPricing(BigDecimal inputPerToken, BigDecimal outputPerToken, BigDecimal cacheReadPerToken,
        BigDecimal cacheWritePerToken, BigDecimal reasoningPerToken) {

    public Optional<BigDecimal> perToken(TokenType type) {
        return Optional.ofNullable(switch (type) {
            case INPUT -> inputPerToken;
            case OUTPUT -> outputPerToken;
            case CACHE_READ -> cacheReadPerToken;
            case CACHE_WRITE -> cacheWritePerToken;
            case REASONING -> reasoningPerToken;
        });
    }
}
