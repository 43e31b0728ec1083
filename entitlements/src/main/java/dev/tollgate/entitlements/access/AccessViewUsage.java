package dev.tollgate.entitlements.access;

import dev.tollgate.entitlements.domain.Minutes;
import dev.tollgate.meters.api.MeterUsage;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * The access view's usage: each subject's usage since the view's checkpoint, read whole for a usage key the view has
 * not read yet, and after that only for the subjects whose usage was written since the last look (ClickHouse change
 * rows, one query per namespace; docs/architecture.md, "Usage changes").
 */
final class AccessViewUsage {

    /**
     * Usage written this long before the latest write seen is looked at again: writes carry the writer's clock (another
     * process's, perhaps a little behind) and become visible only when their insert completes.
     */
    static final Duration OVERLAP = Duration.ofSeconds(10);

    private final MeterUsage usage;
    private final Clock clock;

    AccessViewUsage(MeterUsage usage, Clock clock) {
        this.usage = usage;
        this.clock = clock;
    }

    /**
     * Every metered feature's usage since the checkpoint, each subject's: one query per usage key not read yet.
     *
     * @return the keys read now, each with the subjects that have usage
     */
    Map<AccessEntry.UsageKey, Set<String>> readAll(AccessView.State target, Instant writtenFrom) {
        Instant to = Minutes.floor(clock.instant()).plus(Duration.ofMinutes(1));
        Map<AccessEntry.UsageKey, Set<String>> read = new HashMap<>();
        for (AccessEntry entry : target.entries.values()) {
            AccessEntry.UsageKey k = entry.usageKey();
            if (entry.metered() && !target.usage.containsKey(k)) {
                target.usageWatermarks.putIfAbsent(k.namespace(), new AccessView.UsageWatermark(writtenFrom));
                try {
                    target.usage.put(k, new ConcurrentHashMap<>(usage.bySubject(selection(target, k, to))));
                } catch (NoSuchElementException e) {
                    target.usage.put(k, new ConcurrentHashMap<>()); // the meter was deleted: nothing burns the entry
                }
                read.put(k, Set.copyOf(target.usage.get(k).keySet()));
            }
        }
        return read;
    }

    /**
     * Reads again the usage of the subjects whose usage was written since the last look, so that a poll costs what
     * changed rather than every subject's usage; usage keys new since (a new entitlement) are read whole.
     *
     * @param rework takes the keys of entries to work out again from the start (late usage)
     * @param moved takes each meter ({@code namespace \0 slug}) and the subjects whose usage was read again
     */
    void poll(AccessView.State target, Consumer<String> rework, BiConsumer<String, Set<String>> moved) {
        Instant now = clock.instant();
        Instant to = Minutes.floor(now).plus(Duration.ofMinutes(1));
        // An entry new to the view was published before its usage was read: it moved when the usage came in, and its
        // writes may be older than the changes asked for below.
        readAll(target, now.minus(OVERLAP)).forEach((k, subjects) -> {
            if (!subjects.isEmpty()) {
                moved.accept(meterOf(k), subjects);
            }
        });
        Map<String, Map<String, List<AccessEntry.UsageKey>>> byNamespace = new HashMap<>();
        target.usage.keySet().forEach(k -> byNamespace.computeIfAbsent(k.namespace(), n -> new HashMap<>())
                .computeIfAbsent(k.meterSlug(), m -> new ArrayList<>()).add(k));
        byNamespace.forEach((namespace, byMeter) -> pollNamespace(target, namespace, byMeter, now, to, rework,
                moved));
    }

    /** One ClickHouse query for the namespace's meters finds what changed; only those subjects are read again. */
    private void pollNamespace(AccessView.State target, String namespace,
            Map<String, List<AccessEntry.UsageKey>> byMeter, Instant now, Instant to, Consumer<String> rework,
            BiConsumer<String, Set<String>> moved) {
        AccessView.UsageWatermark watermark = target.usageWatermarks.computeIfAbsent(namespace,
                n -> new AccessView.UsageWatermark(now.minus(OVERLAP)));
        Instant from = watermark.from();
        Map<String, MeterUsage.Changes> changes = usage.changes(namespace, byMeter.keySet(), from);
        Instant latest = null;
        for (Map.Entry<String, MeterUsage.Changes> meter : changes.entrySet()) {
            takeIn(target, namespace + '\0' + meter.getKey(), byMeter.get(meter.getKey()), meter.getValue(), to,
                    rework, moved);
            Instant written = meter.getValue().latestWrite();
            latest = written != null && (latest == null || written.isAfter(latest)) ? written : latest;
        }
        Instant next = watermark.advance(latest, now, System.nanoTime(), OVERLAP);
        if (next.isAfter(from)) {
            // What was taken in from before the new instant is asked about no more.
            String prefix = namespace + '\0';
            target.takenIn.entrySet().removeIf(e -> e.getKey().startsWith(prefix)
                    && e.getValue().lastWritten().isBefore(next));
        }
    }

    /** Reads again the usage of the meter's subjects whose change is new to the view. */
    private void takeIn(AccessView.State target, String meter, List<AccessEntry.UsageKey> keys,
            MeterUsage.Changes changes, Instant to, Consumer<String> rework, BiConsumer<String, Set<String>> moved) {
        // Asked from the same instant, a change equal to the one taken in last time is nothing new.
        Map<String, MeterUsage.SubjectChange> fresh = new HashMap<>();
        changes.bySubject().forEach((subject, change) -> {
            String key = meter + '\0' + subject;
            if (!change.equals(target.takenIn.get(key))) {
                target.takenIn.put(key, change);
                fresh.put(subject, change);
            }
        });
        if (fresh.isEmpty()) {
            return;
        }
        for (AccessEntry.UsageKey k : keys) {
            Map<String, BigDecimal> read = usage.bySubject(selection(target, k, to), fresh.keySet());
            ConcurrentHashMap<String, BigDecimal> held = target.usage.get(k);
            for (String subject : fresh.keySet()) {
                BigDecimal value = read.get(subject);
                if (value == null) {
                    held.remove(subject);
                } else {
                    held.put(subject, value);
                }
            }
        }
        queueLateUsage(target, meter, fresh, rework);
        moved.accept(meter, fresh.keySet());
    }

    /**
     * Usage written for minutes before the checkpoint (a late event, a backfill) is not in what the poll reads: the
     * entries it burns are worked out again from the start.
     */
    private static void queueLateUsage(AccessView.State target, String meter,
            Map<String, MeterUsage.SubjectChange> fresh, Consumer<String> rework) {
        String namespace = meter.substring(0, meter.indexOf('\0'));
        Set<String> customers = new HashSet<>();
        fresh.forEach((subject, change) -> {
            String customer = change.earliestUsage().isBefore(target.checkpoint)
                    ? target.customerBySubject.get(AccessView.subjectKey(namespace, subject)) : null;
            if (customer != null) {
                customers.add(customer);
            }
        });
        if (!customers.isEmpty()) {
            target.entries.forEach((key, entry) -> {
                if (entry.metered() && customers.contains(entry.customerId()) && entry.namespace().equals(namespace)
                        && meterOf(entry.usageKey()).equals(meter)) {
                    rework.accept(key);
                }
            });
        }
    }

    private static MeterUsage.Selection selection(AccessView.State target, AccessEntry.UsageKey k, Instant to) {
        return new MeterUsage.Selection(k.namespace(), k.meterSlug(), k.groupFilters(), target.checkpoint, to);
    }

    private static String meterOf(AccessEntry.UsageKey k) {
        return k.namespace() + '\0' + k.meterSlug();
    }
}
