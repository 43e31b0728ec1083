package dev.tollgate.finance.service;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;

/**
 * Usage of the namespace's metered features and what it cost the provider, added up per group: the one engine behind
 * showback, chargeback and margin. Amounts are exact (never rounded here); rounding is for presentation only.
 */
public interface UsageCosts {

    /** Group by the customer's id ({@code null} value for usage of subjects that are no customer's). */
    String CUSTOMER = "customer";
    /** Group by the department the customer belongs to (see {@link Departments}). */
    String DEPARTMENT = "department";
    /** Group by the feature's key. */
    String FEATURE = "feature";
    /** Group by the meter's slug. */
    String METER = "meter";

    /**
     * Where a customer's department comes from.
     *
     * @param metadataKey when set, the value of this key in the customer's metadata (such as {@code costCenter});
     *     customers without it inherit their parent's, else have none
     * @param level otherwise the customer hierarchy: the customer's ancestor at this depth below its root
     *     organisation (0 = the organisation, 1 = its departments, 2 = their teams ...); a customer higher up than the
     *     level is its own department
     */
    record Departments(String metadataKey, int level) {

        public static Departments hierarchy(int level) {
            return new Departments(null, level);
        }

        public static Departments metadata(String key) {
            return new Departments(key, 0);
        }
    }

    /**
     * One question.
     *
     * @param windowSize MINUTE, HOUR, DAY or MONTH, or null for one window over the whole range
     * @param groupBy any of {@link #CUSTOMER}, {@link #DEPARTMENT}, {@link #FEATURE}, {@link #METER}, or a meter
     *     group-by key such as {@code model}, {@code route} or {@code provider} (null value where a meter lacks it)
     */
    record Query(String namespace, Instant from, Instant to, String windowSize, ZoneId zone, List<String> groupBy,
            Departments departments) {
    }

    /**
     * One group's usage and cost in one window and currency.
     *
     * @param group each {@code groupBy} name to its value (possibly null)
     * @param usage the features' usage added up, in their own units
     * @param cost exact, in {@code currency}
     */
    record Row(Instant windowStart, Instant windowEnd, Map<String, String> group, String currency, BigDecimal usage,
            BigDecimal cost) {
    }

    /**
     * The rows and what could not be costed.
     *
     * @param warnings each reason some usage was costed 0 although its feature has a unit cost (no LLM price for a
     *     provider, model and token type at the time, a row without a model value, a meter that is gone), once
     */
    record Answer(List<Row> rows, List<String> warnings) {
    }

    /** The rows, ordered by window start and then group values; groups without usage are left out. */
    default List<Row> rows(Query query) {
        return answer(query).rows();
    }

    /** The rows as {@link #rows(Query)} orders them, with warnings. */
    Answer answer(Query query);
}
