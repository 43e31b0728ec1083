package dev.tollgate.ingest.kong;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The token usage one AI plugin reported for one call, whatever the Kong version's layout.
 *
 * @param plugin the namespace under {@code ai} ({@code "proxy"}, {@code "ai-proxy"}, {@code "ai-request-transformer"}
 *        ...), or empty for Kong 3.6's flat layout, which has none
 * @param invalidCounts token fields that hold something other than a count (negative, not a number), by the event
 *        field they would fill ({@code input_tokens}...), as logged: such usage is set aside, never read as 0
 */
record LlmUsage(Optional<String> plugin, BigDecimal inputTokens, BigDecimal outputTokens, BigDecimal totalTokens,
        Optional<String> requestModel, Optional<String> responseModel, Optional<String> provider,
        Optional<BigDecimal> cost, Optional<String> cacheStatus, Map<String, JsonNode> invalidCounts,
        List<String> problems) {

    /** Kong's names for each count, by version, under the event field they fill. */
    private static final Map<String, List<String>> COUNT_FIELDS = Map.of(
            "input_tokens", List.of("prompt_tokens", "prompt_token", "input_tokens"),
            "output_tokens", List.of("completion_tokens", "completion_token", "output_tokens"),
            "total_tokens", List.of("total_tokens"));

    /** Kong's placeholder when it does not know the model: not a model name. */
    private static final String UNSPECIFIED = "UNSPECIFIED";

    /**
     * Reads a {@code {meta, usage, cache}} container. Key names differ by version: Kong 3.7 wrote {@code prompt_token}
     * and {@code completion_token} (singular), 3.11+ adds {@code input_tokens}/{@code output_tokens} for non-text
     * calls. The first positive one of the synonyms wins, so a 0 default next to a real count is not taken, and
     * synonyms are never added up. A negative or non-numeric value is not a count: it is reported as a problem, and
     * the usage is set aside rather than metered as 0.
     */
    static LlmUsage read(Optional<String> plugin, JsonNode meta, JsonNode usage, JsonNode cache) {
        Map<String, JsonNode> invalid = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        String path = "ai." + plugin.map(p -> p + ".").orElse("") + "usage.";
        for (String field : List.of("input_tokens", "output_tokens", "total_tokens")) {
            for (String name : COUNT_FIELDS.get(field)) {
                JsonNode value = usage.get(name);
                if (value == null || value.isNull()) {
                    continue;
                }
                Optional<BigDecimal> count = KongJson.number(value);
                if (count.isEmpty() || count.get().signum() < 0) {
                    invalid.putIfAbsent(field, value);
                    problems.add(path + name + " is " + KongJson.abbreviate(value.toString())
                            + ", not a token count");
                }
            }
        }
        BigDecimal input = firstPositive(usage, "prompt_tokens", "prompt_token", "input_tokens");
        BigDecimal output = firstPositive(usage, "completion_tokens", "completion_token", "output_tokens");
        BigDecimal sum = input.add(output);
        // Kong computes total = prompt + completion when the provider gives none; do the same when it is missing.
        BigDecimal total = KongJson.number(usage.get("total_tokens"))
                .filter(given -> given.signum() > 0)
                .orElse(sum);
        return new LlmUsage(plugin, input, output, total,
                model(meta.get("request_model")), model(meta.get("response_model")),
                KongJson.text(meta.get("provider_name")).filter(p -> !UNSPECIFIED.equals(p)),
                KongJson.number(usage.get("cost")), KongJson.text(cache.get("cache_status")), Map.copyOf(invalid),
                List.copyOf(problems));
    }

    /**
     * The plugin, named the same whatever the Kong version: Kong 3.9+ logs ai-proxy and ai-proxy-advanced under the
     * namespace {@code proxy}, 3.7 and 3.8 under {@code ai-proxy}, and 3.6 under none (only ai-proxy logged usage).
     */
    String pluginName() {
        return plugin.filter(p -> !p.equals("proxy")).orElse("ai-proxy");
    }

    /** The model that answered, else the one asked for. */
    Optional<String> model() {
        return responseModel.isPresent() ? responseModel : requestModel;
    }

    /**
     * Whether the plugin logged statistics at all. With {@code log_statistics} off (Kong's default) there are no
     * counts; zero counts with no model are the same thing in layouts that pre-fill zeros.
     */
    boolean isReported() {
        if (!problems.isEmpty()) {
            return true;
        }
        boolean anyTokens = totalTokens.signum() > 0 || inputTokens.signum() > 0 || outputTokens.signum() > 0;
        return anyTokens || model().isPresent();
    }

    private static Optional<String> model(JsonNode value) {
        return KongJson.text(value).filter(model -> !UNSPECIFIED.equals(model));
    }

    private static BigDecimal firstPositive(JsonNode usage, String... names) {
        for (String name : names) {
            Optional<BigDecimal> count = KongJson.number(usage.get(name));
            if (count.isPresent() && count.get().signum() > 0) {
                return count.get();
            }
        }
        return BigDecimal.ZERO;
    }
}
