package dev.tollgate.finance.domain;

import static dev.tollgate.shared.problem.ValidationError.error;

import dev.tollgate.catalog.api.pricing.PricingCurrency;
import dev.tollgate.shared.problem.ValidationError;
import dev.tollgate.shared.time.Rfc3339;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The rules of a new LLM price, each broken one reported against its snake_case field. */
public final class LlmPriceRules {

    static final int MAX_NAME = 256;

    private LlmPriceRules() {
    }

    /** A valid draft with its instants parsed. */
    public record Checked(LlmPriceDraft draft, Instant effectiveFrom, Instant effectiveTo) {
    }

    public static Checked check(LlmPriceDraft draft, List<ValidationError> errors) {
        name("provider", draft.provider(), true, errors);
        name("model_id", draft.modelId(), true, errors);
        name("model_name", draft.modelName(), false, errors);
        if (draft.currency() == null || draft.currency().isBlank()) {
            errors.add(error("currency", "required", "is required, such as \"USD\""));
        } else if (!isCurrency(draft.currency())) {
            errors.add(error("currency", "invalid", "must be an ISO 4217 currency code such as USD, not '"
                    + draft.currency() + "'"));
        }
        pricing(draft.pricing(), errors);
        Instant from = instant("effective_from", draft.effectiveFrom(), true, errors);
        Instant to = instant("effective_to", draft.effectiveTo(), false, errors);
        if (from != null && to != null && !to.isAfter(from)) {
            errors.add(error("effective_to", "before_start", "must be after effective_from " + from));
        }
        return new Checked(draft, from, to);
    }

    private static void pricing(LlmPriceDraft.Pricing pricing, List<ValidationError> errors) {
        if (pricing == null) {
            errors.add(error("pricing", "required", "is required: {\"input_per_token\": \"0.0000025\","
                    + " \"output_per_token\": \"0.00001\"}"));
            return;
        }
        perToken("pricing.input_per_token", pricing.inputPerToken(), true, errors);
        perToken("pricing.output_per_token", pricing.outputPerToken(), true, errors);
        perToken("pricing.cache_read_per_token", pricing.cacheReadPerToken(), false, errors);
        perToken("pricing.cache_write_per_token", pricing.cacheWritePerToken(), false, errors);
        perToken("pricing.reasoning_per_token", pricing.reasoningPerToken(), false, errors);
    }

    private static void perToken(String field, BigDecimal value, boolean required, List<ValidationError> errors) {
        if (value == null) {
            if (required) {
                errors.add(error(field, "required", "is required, a price per token such as \"0.0000025\""));
            }
        } else if (value.signum() < 0) {
            errors.add(error(field, "negative", "must not be negative, but is " + value.toPlainString()));
        }
    }

    private static void name(String field, String value, boolean required, List<ValidationError> errors) {
        if (value == null || value.isBlank()) {
            if (required || value != null) {
                errors.add(error(field, "required", "must not be empty"));
            }
        } else if (value.length() > MAX_NAME) {
            errors.add(error(field, "too_long", "must be at most " + MAX_NAME + " characters"));
        }
    }

    private static Instant instant(String field, String value, boolean required, List<ValidationError> errors) {
        if (value == null || value.isBlank()) {
            if (required) {
                errors.add(error(field, "required", "is required, an RFC 3339 timestamp"));
            }
            return null;
        }
        Optional<Instant> parsed = Rfc3339.parse(value.trim());
        if (parsed.isEmpty()) {
            errors.add(error(field, "format", "must be an RFC 3339 timestamp such as 2026-01-01T00:00:00Z"));
        }
        return parsed.orElse(null);
    }

    static boolean isCurrency(String code) {
        try {
            PricingCurrency.of(code);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** The pricing a valid draft gives. */
    public static LlmPricing pricingOf(LlmPriceDraft.Pricing p) {
        return new LlmPricing(p.inputPerToken(), p.outputPerToken(), p.cacheReadPerToken(), p.cacheWritePerToken(),
                p.reasoningPerToken());
    }
}
