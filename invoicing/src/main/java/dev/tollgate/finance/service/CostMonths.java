package dev.tollgate.finance.service;

import static dev.tollgate.finance.service.UsageCosts.CUSTOMER;
import static dev.tollgate.finance.service.UsageCosts.DEPARTMENT;
import static dev.tollgate.finance.service.UsageCosts.FEATURE;
import static dev.tollgate.finance.service.UsageCosts.METER;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tollgate.catalog.api.FeatureCosts;
import dev.tollgate.finance.domain.MonthPieces;
import dev.tollgate.finance.store.CostMonthRepository;
import dev.tollgate.meters.api.MeterUsage;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;

/**
 * The cost rollup's read side: a report by customer or department over whole UTC months takes each month's costs
 * per customer and feature from PostgreSQL when the stored month is current (its inputs unchanged, no usage written
 * into it since it was computed), instead of reading every subject's usage from ClickHouse. Everything else is read
 * live, so an answer is always exactly the live one. {@link CostMonthRefresher} computes the months reports ask for.
 */
@ApplicationScoped
public class CostMonths {

    private static final Set<String> ROLLED_UP = Set.of(CUSTOMER, DEPARTMENT, FEATURE, METER);
    private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {
    };

    /** A part of the report's range still to be read live. */
    record Range(Instant from, Instant to) {
    }

    /** A month as computed for the rollup: rows per customer and feature, its warnings and its inputs' digest. */
    record Computed(List<UsageCosts.Row> rows, List<String> warnings, String digest) {
    }

    private final CostMonthRepository repository;
    private final MeterUsage usage;
    private final CostRollupConfig config;
    private final ObjectMapper json;
    private final Clock clock;

    CostMonths(CostMonthRepository repository, MeterUsage usage, CostRollupConfig config, ObjectMapper json,
            Clock clock) {
        this.repository = repository;
        this.usage = usage;
        this.config = config;
        this.json = json;
        this.clock = clock;
    }

    /**
     * Adds what the rollup holds for the report's range to its totals and answers the parts of the range left to
     * read live, in order.
     */
    List<Range> addStored(UsageCosts.Query query, Instant from, Instant to, UsageCostService.Inputs inputs,
            CostTotals totals, Set<String> warnings) {
        List<Range> whole = List.of(new Range(from, to));
        if (!eligible(query)) {
            return whole;
        }
        List<MonthPieces.Piece> pieces = MonthPieces.of(from, to);
        List<LocalDate> asked = pieces.stream().filter(MonthPieces.Piece::startsWithMonth)
                .map(p -> MonthPieces.firstDay(p.month())).toList();
        if (asked.isEmpty()) {
            return whole;
        }
        String namespace = query.namespace();
        Map<LocalDate, CostMonthRepository.Month> stored = QuarkusTransaction.requiringNew().call(() -> {
            repository.request(namespace, asked, clock.instant());
            return repository.months(namespace, asked);
        });
        Set<LocalDate> current = current(namespace, pieces, stored, inputs);
        Map<String, FeatureCosts.MeteredFeature> byKey = new HashMap<>();
        inputs.metered().forEach(f -> byKey.put(f.key(), f));
        List<Range> live = new ArrayList<>();
        for (MonthPieces.Piece piece : pieces) {
            LocalDate month = MonthPieces.firstDay(piece.month());
            if (!current.contains(month)) {
                addLive(live, piece);
                continue;
            }
            for (CostMonthRepository.Row row : QuarkusTransaction.requiringNew()
                    .call(() -> repository.rows(namespace, month))) {
                totals.add(byKey.get(row.featureKey()), piece.from(), row.customerId().isEmpty() ? null
                        : row.customerId(), Map.of(), row.currency(), row.usage(), row.cost());
            }
            warnings.addAll(warnings(stored.get(month).warnings()));
        }
        return live;
    }

    /** Reports grouped by customer or department (the others read few rows anyway), in UTC months or no windows. */
    private boolean eligible(UsageCosts.Query query) {
        boolean byCustomer = query.groupBy().contains(CUSTOMER) || query.groupBy().contains(DEPARTMENT);
        return config.enabled() && byCustomer && ROLLED_UP.containsAll(query.groupBy())
                && (query.windowSize() == null || "MONTH".equals(query.windowSize()))
                && utcThroughout(query.zone());
    }

    /** Months of the rollup are UTC months: only a zone that is UTC all year round has the same months. */
    private static boolean utcThroughout(ZoneId zone) {
        return ZoneOffset.UTC.equals(zone.normalized());
    }

    /**
     * The stored months the report may use: computed from the same inputs, no usage written into them since, and for
     * a piece that ends before its month does, no usage in the rest of the month (the stored month holds it all).
     */
    private Set<LocalDate> current(String namespace, List<MonthPieces.Piece> pieces,
            Map<LocalDate, CostMonthRepository.Month> stored, UsageCostService.Inputs inputs) {
        Set<LocalDate> current = new HashSet<>();
        for (MonthPieces.Piece piece : pieces) {
            LocalDate month = MonthPieces.firstDay(piece.month());
            CostMonthRepository.Month m = stored.get(month);
            if (piece.startsWithMonth() && m != null && m.computedAt() != null && !m.dirty()
                    && m.usageSeenFrom() != null
                    && inputs.digest(piece.from(), piece.monthEnd()).equals(m.inputsDigest())
                    && (piece.wholeMonth() || !usageAfter(namespace, inputs, piece.to(), piece.monthEnd()))) {
                current.add(month);
            }
        }
        if (current.isEmpty()) {
            return current;
        }
        Instant since = current.stream().map(d -> stored.get(d).usageSeenFrom()).min(Instant::compareTo).orElseThrow();
        Collection<MeterUsage.Changes> changes = changes(namespace, inputs.metered(), since);
        current.removeIf(month -> lastWrite(changes, stored.get(month).usageSeenFrom(),
                MonthPieces.start(java.time.YearMonth.from(month).plusMonths(1))).isPresent());
        return current;
    }

    /** Every meter the features read, their own and cost meters. */
    static Set<String> meterSlugs(List<FeatureCosts.MeteredFeature> metered) {
        Set<String> slugs = new HashSet<>();
        for (FeatureCosts.MeteredFeature f : metered) {
            slugs.add(f.meterSlug());
            if (f.unitCost() != null && f.unitCost().costMeterSlug() != null) {
                slugs.add(f.unitCost().costMeterSlug());
            }
        }
        return slugs;
    }

    Collection<MeterUsage.Changes> changes(String namespace, List<FeatureCosts.MeteredFeature> metered,
            Instant since) {
        return usage.changes(namespace, meterSlugs(metered), since).values();
    }

    /**
     * The last write at or after {@code seenFrom} that may have touched usage before {@code monthEnd}, if any. A
     * change names the earliest minute its write touched, so any change that starts before the month's end counts.
     */
    static Optional<Instant> lastWrite(Collection<MeterUsage.Changes> changes, Instant seenFrom, Instant monthEnd) {
        return changes.stream().flatMap(c -> c.bySubject().values().stream())
                .filter(c -> !c.lastWritten().isBefore(seenFrom) && c.earliestUsage().isBefore(monthEnd))
                .map(MeterUsage.SubjectChange::lastWritten).max(Instant::compareTo);
    }

    private boolean usageAfter(String namespace, UsageCostService.Inputs inputs, Instant from, Instant to) {
        for (String slug : meterSlugs(inputs.metered())) {
            try {
                if (!usage.byGroup(new MeterUsage.Selection(namespace, slug, Map.of(), from, to), List.of(), null,
                        ZoneId.of("UTC")).isEmpty()) {
                    return true;
                }
            } catch (NoSuchElementException gone) {
                return true;
            }
        }
        return false;
    }

    private static void addLive(List<Range> live, MonthPieces.Piece piece) {
        if (!live.isEmpty() && live.get(live.size() - 1).to().equals(piece.from())) {
            live.set(live.size() - 1, new Range(live.get(live.size() - 1).from(), piece.to()));
        } else {
            live.add(new Range(piece.from(), piece.to()));
        }
    }

    String warningsJson(List<String> warnings) {
        try {
            return json.writeValueAsString(warnings);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private List<String> warnings(String stored) {
        try {
            return stored == null ? List.of() : json.readValue(stored, STRINGS);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable warnings in finance_cost_months", e);
        }
    }
}
