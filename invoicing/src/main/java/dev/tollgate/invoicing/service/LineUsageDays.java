package dev.tollgate.invoicing.service;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.tollgate.ingest.api.SubjectAttribution;
import dev.tollgate.invoicing.domain.UsageSnapshot;
import dev.tollgate.meters.api.MeterUsage;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A line's usage day by day, as its explain shows it: read from the meter as it is now, and kept while the meter has
 * written nothing for the line's subjects since. An invoice under review is opened again and again, and reading a
 * customer's days costs ClickHouse a granule of every part of every month since the period began; asking whether
 * anything was written costs it the change rows of the last minutes. Late events and backfills write change rows too,
 * so a kept answer is always the one a fresh read would give; the time limit only bounds clock skew between the
 * writers and this process beyond {@link #OVERLAP}.
 */
@ApplicationScoped
public class LineUsageDays {

    /** How far before the read changes are asked from, for writers whose clocks run behind this process's. */
    static final Duration OVERLAP = Duration.ofMinutes(2);

    private record Question(String namespace, UsageSnapshot snapshot) {
    }

    /** The days read, and what the meter had written for the subjects since {@code since}, asked before reading. */
    private record Read(Instant since, Map<String, MeterUsage.SubjectChange> writes, List<MeterUsage.Window> days) {
    }

    private final MeterUsage usage;
    private final Clock clock;
    private final Cache<Question, Read> kept = Caffeine.newBuilder().expireAfterWrite(Duration.ofMinutes(5))
            .maximumSize(5_000).build();

    LineUsageDays(MeterUsage usage, Clock clock) {
        this.usage = usage;
        this.clock = clock;
    }

    /** The customer's usage per UTC day of the snapshot's question; empty when it had no subjects. */
    public List<MeterUsage.Window> days(String namespace, UsageSnapshot snapshot) {
        if (snapshot.subjects().isEmpty()) {
            return List.of();
        }
        Question question = new Question(namespace, snapshot.withoutAnswer());
        Read read = kept.getIfPresent(question);
        if (read != null && read.writes().equals(writesSince(question, read.since()))) {
            return read.days();
        }
        Instant since = clock.instant().minus(OVERLAP);
        // Asked before the read: a write between the two shows as a change next time, and the days are read again.
        Map<String, MeterUsage.SubjectChange> writes = writesSince(question, since);
        List<MeterUsage.Window> days = usage.days(new MeterUsage.Selection(namespace, snapshot.meterSlug(),
                snapshot.groupFilters(), snapshot.from(), snapshot.to()), snapshot.subjects());
        if (writes != null) {
            kept.put(question, new Read(since, writes, days));
        }
        return days;
    }

    /** What the meter wrote for the question's subjects since the instant, or null when the meter is not live. */
    private Map<String, MeterUsage.SubjectChange> writesSince(Question question, Instant since) {
        String slug = question.snapshot().meterSlug();
        MeterUsage.Changes changes = usage.changes(question.namespace(), List.of(slug), since).get(slug);
        if (changes == null) {
            return null;
        }
        Set<String> subjects = question.snapshot().subjects().stream().map(SubjectAttribution::subject)
                .collect(Collectors.toSet());
        Map<String, MeterUsage.SubjectChange> writes = new HashMap<>();
        changes.bySubject().forEach((subject, change) -> {
            if (subjects.contains(subject)) {
                writes.put(subject, change);
            }
        });
        return writes;
    }
}
