package dev.tollgate.meters.domain;

import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;

/**
 * A validated usage query. {@code from} is inclusive and {@code to} exclusive; both fall on whole minutes, the
 * resolution at which usage is stored.
 *
 * @param windowSize null for one total per group over the whole range
 * @param groupBy the group keys to split by; {@code subject} splits by subject
 * @param filterGroupBy group key to the values kept (any of them)
 */
public record UsageQuery(Meter meter, Instant from, Instant to, WindowSize windowSize, ZoneId timeZone,
        List<String> subjects, List<String> groupBy, Map<String, List<String>> filterGroupBy) {

    public static final String SUBJECT = "subject";

    public boolean groupsBySubject() {
        return groupBy.contains(SUBJECT);
    }

    public List<String> groupKeys() {
        return groupBy.stream().filter(k -> !SUBJECT.equals(k)).toList();
    }
}
