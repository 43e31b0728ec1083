package dev.tollgate.finance.rest;

import static dev.tollgate.shared.problem.ValidationError.error;

import dev.tollgate.finance.domain.LlmPrice;
import dev.tollgate.finance.domain.PriceTimeline;
import dev.tollgate.shared.problem.ApiException;
import dev.tollgate.shared.problem.ValidationError;
import jakarta.ws.rs.core.UriInfo;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * OpenMeter's list parameters for LLM prices: {@code filter[provider][eq]=openai} (or {@code filter[provider]=openai},
 * or just {@code provider=openai}, {@code model=gpt-4o}, {@code currency=USD}) on provider, model_id, model_name,
 * currency and source; {@code sort=model.id desc}; {@code page[size]} and
 * {@code page[number]}. Prices are few per namespace, so the list is filtered, sorted and paged in memory.
 */
final class LlmPriceList {

    static final int DEFAULT_PAGE_SIZE = 100;
    static final int MAX_PAGE_SIZE = 1000;

    private static final Map<String, Function<LlmPriceView, String>> FILTERS = new LinkedHashMap<>();
    private static final Map<String, Comparator<LlmPriceView>> SORTS = new LinkedHashMap<>();
    /** Plain parameters that mean an eq filter: {@code ?provider=openai&model=gpt-4o&currency=USD}. */
    private static final Map<String, String> SHORT_FILTERS = Map.of("provider", "provider", "model", "model_id",
            "model_id", "model_id", "currency", "currency");

    static {
        FILTERS.put("provider", v -> v.provider().id());
        FILTERS.put("model_id", v -> v.model().id());
        FILTERS.put("model_name", v -> v.model().name());
        FILTERS.put("currency", LlmPriceView::currency);
        FILTERS.put("source", LlmPriceView::source);
        SORTS.put("id", Comparator.comparing(LlmPriceView::id));
        SORTS.put("provider.id", Comparator.comparing((LlmPriceView v) -> v.provider().id()));
        SORTS.put("model.id", Comparator.comparing((LlmPriceView v) -> v.model().id()));
        SORTS.put("effective_from", Comparator.comparing(LlmPriceView::effectiveFrom));
        SORTS.put("effective_to", Comparator.comparing(LlmPriceView::effectiveTo,
                Comparator.nullsLast(Comparator.naturalOrder())));
    }

    private LlmPriceList() {
    }

    /** Each price with its effective end worked out from the others of its provider, model and currency. */
    static List<LlmPriceView> views(List<LlmPrice> prices) {
        Map<LlmPrice.Series, PriceTimeline> timelines = PriceTimeline.bySeries(prices);
        return prices.stream().map(p -> LlmPriceView.of(p, timelines.get(p.series()).endOf(p))).toList();
    }

    static LlmPriceView.Page page(List<LlmPriceView> all, UriInfo uri) {
        List<ValidationError> errors = new ArrayList<>();
        List<LlmPriceView> kept = new ArrayList<>(all);
        uri.getQueryParameters().forEach((name, values) -> {
            if (name.startsWith("filter[")) {
                filter(name, values, kept, errors);
            } else if (SHORT_FILTERS.containsKey(name)) {
                filter("filter[" + SHORT_FILTERS.get(name) + "]", values, kept, errors);
            } else if (!List.of("sort", "page[size]", "page[number]").contains(name)) {
                errors.add(error(name, "unknown", "is not a parameter of this list; filter with provider, model,"
                        + " currency or filter[provider], filter[model_id], filter[model_name], filter[currency],"
                        + " filter[source]"));
            }
        });
        kept.sort(sort(uri.getQueryParameters().getFirst("sort"), errors).thenComparing(LlmPriceView::id));
        int size = number("page[size]", uri.getQueryParameters().getFirst("page[size]"), DEFAULT_PAGE_SIZE,
                MAX_PAGE_SIZE, errors);
        int number = number("page[number]", uri.getQueryParameters().getFirst("page[number]"), 1, 1_000_000, errors);
        if (!errors.isEmpty()) {
            throw ApiException.invalid(errors);
        }
        long start = (long) (number - 1) * size;
        List<LlmPriceView> page = start >= kept.size() ? List.of()
                : kept.subList((int) start, (int) Math.min(kept.size(), start + size));
        return new LlmPriceView.Page(page, new LlmPriceView.Meta(new LlmPriceView.PageMeta(number, size,
                kept.size())));
    }

    private static void filter(String name, List<String> values, List<LlmPriceView> kept,
            List<ValidationError> errors) {
        String inner = name.substring("filter[".length());
        int close = inner.indexOf(']');
        String field = close < 0 ? "" : inner.substring(0, close);
        String operator = close < 0 ? "" : inner.substring(close + 1);
        Function<LlmPriceView, String> value = FILTERS.get(field);
        if (value == null) {
            errors.add(error(name, "unknown", "filters on provider, model_id, model_name, currency or source"));
            return;
        }
        for (String wanted : values) {
            switch (operator) {
                case "", "[eq]" -> kept.removeIf(v -> !wanted.equals(value.apply(v)));
                case "[neq]" -> kept.removeIf(v -> wanted.equals(value.apply(v)));
                case "[contains]" -> kept.removeIf(v -> value.apply(v) == null || !value.apply(v)
                        .toLowerCase(Locale.ROOT).contains(wanted.toLowerCase(Locale.ROOT)));
                default -> errors.add(error(name, "unknown_operator", "takes [eq], [neq] or [contains]"));
            }
        }
    }

    private static Comparator<LlmPriceView> sort(String sort, List<ValidationError> errors) {
        if (sort == null || sort.isBlank()) {
            return SORTS.get("model.id").thenComparing(LlmPriceView::effectiveFrom);
        }
        String[] parts = sort.trim().split("\\s+");
        Comparator<LlmPriceView> by = SORTS.get(parts[0]);
        boolean descending = parts.length > 1 && "desc".equalsIgnoreCase(parts[1]);
        boolean validOrder = parts.length == 1 || parts.length == 2
                && ("asc".equalsIgnoreCase(parts[1]) || "desc".equalsIgnoreCase(parts[1]));
        if (by == null || !validOrder) {
            errors.add(error("sort", "invalid", "must be one of " + SORTS.keySet()
                    + ", optionally followed by asc or desc"));
            return Comparator.comparing(LlmPriceView::id);
        }
        return descending ? by.reversed() : by;
    }

    private static int number(String field, String value, int fallback, int max, List<ValidationError> errors) {
        if (value == null) {
            return fallback;
        }
        try {
            int n = Integer.parseInt(value.trim());
            if (n >= 1 && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        errors.add(error(field, "invalid", "must be a whole number from 1 to " + max));
        return fallback;
    }
}
