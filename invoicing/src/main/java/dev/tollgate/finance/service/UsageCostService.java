package dev.tollgate.finance.service;

import dev.tollgate.catalog.api.BillingCustomers;
import dev.tollgate.catalog.api.CustomerHierarchy;
import dev.tollgate.catalog.api.FeatureCosts;
import dev.tollgate.finance.domain.DepartmentResolver;
import dev.tollgate.finance.domain.ReportWindows;
import dev.tollgate.finance.domain.UnitCostPricer;
import dev.tollgate.ingest.api.SubjectAttribution;
import dev.tollgate.meters.api.MeterUsage;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.TreeSet;

/**
 * Usage and cost per group, from the meters' minute windows. The range is cut into segments at every instant where
 * an LLM price changes or (when grouping by customer or department) a subject changes hands, each moved to the first
 * minute it applies to; within a segment every subject has one customer and every model one price, so a segment's
 * usage is read per subject and group values (one ClickHouse query per feature and segment) and priced whole. Rows
 * of the segments are then added up into the report's windows and groups.
 */
@ApplicationScoped
public class UsageCostService implements UsageCosts {

    private static final Set<String> OWN_GROUPS = Set.of(CUSTOMER, DEPARTMENT, FEATURE, METER);

    private final FeatureCosts features;
    private final CustomerHierarchy hierarchy;
    private final BillingCustomers customers;
    private final MeterUsage usage;
    private final LlmPriceService prices;

    UsageCostService(FeatureCosts features, CustomerHierarchy hierarchy, BillingCustomers customers, MeterUsage usage,
            LlmPriceService prices) {
        this.features = features;
        this.hierarchy = hierarchy;
        this.customers = customers;
        this.usage = usage;
        this.prices = prices;
    }

    @Override
    public Answer answer(Query asked) {
        Query query = normalised(asked);
        Instant from = ReportWindows.floorToMinute(query.from());
        Instant to = ReportWindows.floorToMinute(query.to());
        Set<String> warnings = new LinkedHashSet<>();
        if (!from.isBefore(to)) {
            return new Answer(List.of(), List.of());
        }
        List<FeatureCosts.MeteredFeature> metered = features.meteredFeatures(query.namespace());
        UnitCostPricer pricer = new UnitCostPricer(prices.all(query.namespace()));
        Owners owners = owners(query, from, to);
        TreeSet<Instant> cuts = new TreeSet<>(List.of(from, to));
        owners.changesWithin(from, to).forEach(i -> cuts.add(ReportWindows.ceilToMinute(i)));
        if (metered.stream().anyMatch(f -> f.unitCost() != null
                && FeatureCosts.UnitCost.LLM.equals(f.unitCost().type()))) {
            pricer.priceChangesWithin(from, to).forEach(i -> cuts.add(ReportWindows.ceilToMinute(i)));
        }
        List<Instant> bounds = new ArrayList<>(cuts.subSet(from, true, to, true));
        Totals totals = new Totals(query, from, to, owners);
        for (FeatureCosts.MeteredFeature feature : metered) {
            for (int i = 0; i + 1 < bounds.size(); i++) {
                if (!addSegment(query, feature, bounds.get(i), bounds.get(i + 1), pricer, totals, warnings)) {
                    break;
                }
            }
        }
        return new Answer(totals.rows(), List.copyOf(warnings));
    }

    /** A question with its defaults filled in: UTC, no groups, departments at hierarchy level 1. */
    private static Query normalised(Query q) {
        // ClickHouse knows zones by IANA name: UTC as an offset ("Z") is named.
        ZoneId zone = q.zone() == null || q.zone().equals(ZoneOffset.UTC) ? ZoneId.of("UTC") : q.zone();
        return new Query(q.namespace(), q.from(), q.to(), q.windowSize(), zone,
                q.groupBy() == null ? List.of() : List.copyOf(q.groupBy()),
                q.departments() == null ? Departments.hierarchy(1) : q.departments());
    }

    /** One feature's usage and cost over one segment; false when its meter is gone. */
    private boolean addSegment(Query query, FeatureCosts.MeteredFeature feature, Instant start, Instant end,
            UnitCostPricer pricer, Totals totals, Set<String> warnings) {
        List<String> reportKeys = query.groupBy().stream().filter(k -> !OWN_GROUPS.contains(k)).toList();
        FeatureCosts.UnitCost cost = feature.unitCost();
        List<String> keys = new ArrayList<>(reportKeys);
        if (cost != null && FeatureCosts.UnitCost.LLM.equals(cost.type())) {
            for (FeatureCosts.Dimension d : List.of(cost.provider(), cost.model(), cost.tokenType())) {
                if (d.property() != null && !keys.contains(d.property())) {
                    keys.add(d.property());
                }
            }
        }
        List<MeterUsage.SubjectUsage> rows;
        List<MeterUsage.SubjectUsage> costRows = List.of();
        try {
            rows = usage.bySubjectAndGroup(new MeterUsage.Selection(query.namespace(), feature.meterSlug(),
                    feature.groupFilters(), start, end), keys, query.windowSize(), query.zone());
            if (cost != null && FeatureCosts.UnitCost.METER.equals(cost.type())) {
                costRows = usage.bySubjectAndGroup(new MeterUsage.Selection(query.namespace(), cost.costMeterSlug(),
                        feature.groupFilters(), start, end), reportKeys, query.windowSize(), query.zone());
            }
        } catch (NoSuchElementException gone) {
            warnings.add("feature '" + feature.key() + "': " + gone.getMessage() + ", so its usage is not reported");
            return false;
        }
        for (MeterUsage.SubjectUsage row : rows) {
            UnitCostPricer.Priced priced = pricer.price(feature.key(), cost, row.groups(), row.value(), start);
            if (priced.warning() != null) {
                warnings.add(priced.warning());
            }
            totals.add(feature, row, start, priced.currency(), row.value(), priced.cost());
        }
        for (MeterUsage.SubjectUsage row : costRows) {
            totals.add(feature, row, start, cost.currency(), BigDecimal.ZERO, row.value());
        }
        return true;
    }

    private Owners owners(Query query, Instant from, Instant to) {
        if (!query.groupBy().contains(CUSTOMER) && !query.groupBy().contains(DEPARTMENT)) {
            return new Owners(Map.of(), new DepartmentResolver(List.of()));
        }
        List<CustomerHierarchy.Member> members = hierarchy.members(query.namespace());
        Map<String, List<SubjectAttribution>> attributions = members.isEmpty() ? Map.of()
                : customers.attributions(query.namespace(), members.stream().map(CustomerHierarchy.Member::id)
                        .toList(), from, to);
        Map<String, List<Stretch>> bySubject = new HashMap<>();
        attributions.forEach((customerId, list) -> list.forEach(a -> bySubject.computeIfAbsent(a.subject(),
                k -> new ArrayList<>()).add(new Stretch(customerId, ReportWindows.ceilToMinute(a.from()),
                ReportWindows.ceilToMinute(a.to())))));
        return new Owners(bySubject, new DepartmentResolver(members));
    }

    /** A subject held by a customer over [from, to), on minute bounds. */
    private record Stretch(String customerId, Instant from, Instant to) {
    }

    /** Which customer held each subject when, and the departments. */
    private record Owners(Map<String, List<Stretch>> bySubject, DepartmentResolver departments) {

        String customerAt(String subject, Instant at) {
            for (Stretch s : bySubject.getOrDefault(subject, List.of())) {
                if (!at.isBefore(s.from()) && at.isBefore(s.to())) {
                    return s.customerId();
                }
            }
            return null;
        }

        TreeSet<Instant> changesWithin(Instant from, Instant to) {
            TreeSet<Instant> changes = new TreeSet<>();
            bySubject.values().forEach(list -> list.forEach(s -> {
                for (Instant i : List.of(s.from(), s.to())) {
                    if (i.isAfter(from) && i.isBefore(to)) {
                        changes.add(i);
                    }
                }
            }));
            return changes;
        }
    }

    /** The sums per window, group values and currency. */
    private static final class Totals {

        private record Key(Instant windowStart, Instant windowEnd, List<String> group, String currency) {
        }

        private final Query query;
        private final Instant from;
        private final Instant to;
        private final Owners owners;
        private final Map<Key, BigDecimal[]> sums = new HashMap<>();

        Totals(Query query, Instant from, Instant to, Owners owners) {
            this.query = query;
            this.from = from;
            this.to = to;
            this.owners = owners;
        }

        void add(FeatureCosts.MeteredFeature feature, MeterUsage.SubjectUsage row, Instant segmentStart,
                String currency, BigDecimal usage, BigDecimal cost) {
            ReportWindows.Window window = ReportWindows.of(row.from(), from, to, query.windowSize(), query.zone());
            String customerId = owners.customerAt(row.subject(), segmentStart);
            List<String> group = new ArrayList<>(query.groupBy().size());
            for (String key : query.groupBy()) {
                group.add(switch (key) {
                    case CUSTOMER -> customerId;
                    case DEPARTMENT -> departmentOf(customerId);
                    case FEATURE -> feature.key();
                    case METER -> feature.meterSlug();
                    default -> row.groups().get(key);
                });
            }
            BigDecimal[] sum = sums.computeIfAbsent(new Key(window.start(), window.end(), group, currency),
                    k -> new BigDecimal[] {BigDecimal.ZERO, BigDecimal.ZERO});
            sum[0] = sum[0].add(usage);
            sum[1] = sum[1].add(cost);
        }

        private String departmentOf(String customerId) {
            Departments departments = query.departments();
            return owners.departments().departmentOf(customerId, departments.metadataKey(), departments.level());
        }

        List<Row> rows() {
            Comparator<String> nullsFirst = Comparator.nullsFirst(Comparator.naturalOrder());
            Comparator<Key> order = Comparator.comparing(Key::windowStart);
            for (int i = 0; i < query.groupBy().size(); i++) {
                int index = i;
                order = order.thenComparing(k -> k.group().get(index), nullsFirst);
            }
            order = order.thenComparing(Key::currency);
            List<Row> rows = new ArrayList<>();
            sums.entrySet().stream().sorted(Map.Entry.comparingByKey(order)).forEach(e -> {
                Map<String, String> group = new LinkedHashMap<>();
                for (int i = 0; i < query.groupBy().size(); i++) {
                    group.put(query.groupBy().get(i), e.getKey().group().get(i));
                }
                rows.add(new Row(e.getKey().windowStart(), e.getKey().windowEnd(), group, e.getKey().currency(),
                        e.getValue()[0], e.getValue()[1]));
            });
            return rows;
        }
    }
}
