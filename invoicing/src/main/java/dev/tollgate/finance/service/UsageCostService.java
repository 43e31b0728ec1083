package dev.tollgate.finance.service;

import dev.tollgate.catalog.api.BillingCustomers;
import dev.tollgate.catalog.api.CustomerHierarchy;
import dev.tollgate.catalog.api.FeatureCosts;
import dev.tollgate.finance.domain.CostInputs;
import dev.tollgate.finance.domain.DepartmentResolver;
import dev.tollgate.finance.domain.LlmPrice;
import dev.tollgate.finance.domain.ReportWindows;
import dev.tollgate.finance.domain.SegmentPlan;
import dev.tollgate.finance.domain.UnitCostPricer;
import dev.tollgate.ingest.api.SubjectAttribution;
import dev.tollgate.meters.api.MeterUsage;
import dev.tollgate.meters.api.Meters;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * Usage and cost per group, from the meters' minute windows, read as {@link SegmentPlan} lays out: the range is cut
 * only where an LLM price changes, so that every model has one price per segment. Each feature's usage in a segment
 * is read per subject and group values for all subjects at once (one ClickHouse query), priced whole and attributed
 * to the customer that held the subject throughout. Subjects that change hands strictly inside the segment (when
 * grouping by customer or department) are left out of that read and read again on their own, each cut only at its
 * own changes through {@link MeterUsage#bySubjectHolderAndGroup}, which puts each minute under the customer that held
 * the subject then: a bounded number of queries (one per batch of stretches) however many distinct instants the
 * changes fall on, where cutting the whole range at each change would cost a query per change and feature. Rows are
 * then added up into the report's windows and groups.
 */
@ApplicationScoped
public class UsageCostService implements UsageCosts {

    private static final Set<String> OWN_GROUPS = Set.of(CUSTOMER, DEPARTMENT, FEATURE, METER);
    /** The holder label of a changing subject's stretches that were no customer's. */
    private static final String NO_CUSTOMER = "";

    private final FeatureCosts features;
    private final CustomerHierarchy hierarchy;
    private final BillingCustomers customers;
    private final MeterUsage usage;
    private final LlmPriceService prices;
    private final Meters meters;
    private final CostMonths months;

    UsageCostService(FeatureCosts features, CustomerHierarchy hierarchy, BillingCustomers customers, MeterUsage usage,
            LlmPriceService prices, Meters meters, CostMonths months) {
        this.features = features;
        this.hierarchy = hierarchy;
        this.customers = customers;
        this.usage = usage;
        this.prices = prices;
        this.meters = meters;
        this.months = months;
    }

    @Override
    public Answer answer(Query asked) {
        Query query = normalised(asked);
        Instant from = ReportWindows.floorToMinute(query.from());
        Instant to = ReportWindows.floorToMinute(query.to());
        if (!from.isBefore(to)) {
            return new Answer(List.of(), List.of());
        }
        Inputs inputs = inputs(query.namespace(), byCustomer(query), from, to);
        CostTotals totals = new CostTotals(query, from, to, new DepartmentResolver(inputs.members()));
        Set<String> warnings = new LinkedHashSet<>();
        // Whole months the rollup holds, current, come from it; the rest of the range is read from ClickHouse.
        for (CostMonths.Range range : months.addStored(query, from, to, inputs, totals, warnings)) {
            addLive(query, range.from(), range.to(), inputs, totals, warnings);
        }
        return new Answer(totals.rows(), List.copyOf(warnings));
    }

    /**
     * One UTC month per customer (null for none) and feature, read from ClickHouse, for the cost rollup; with the
     * digest of the inputs it was computed from.
     */
    CostMonths.Computed computeMonth(String namespace, Instant monthStart, Instant monthEnd) {
        Query query = new Query(namespace, monthStart, monthEnd, null, ZoneId.of("UTC"), List.of(CUSTOMER, FEATURE),
                Departments.hierarchy(1));
        Inputs inputs = inputs(namespace, true, monthStart, monthEnd);
        CostTotals totals = new CostTotals(query, monthStart, monthEnd, new DepartmentResolver(inputs.members()));
        Set<String> warnings = new LinkedHashSet<>();
        addLive(query, monthStart, monthEnd, inputs, totals, warnings);
        return new CostMonths.Computed(totals.rows(), List.copyOf(warnings), inputs.digest(monthStart, monthEnd));
    }

    /** The digest of what a UTC month's costs are computed from today (see {@link CostInputs}). */
    String digest(String namespace, Instant monthStart, Instant monthEnd) {
        return inputs(namespace, true, monthStart, monthEnd).digest(monthStart, monthEnd);
    }

    /** What a report is computed from besides usage: read once per report. */
    record Inputs(List<FeatureCosts.MeteredFeature> metered, List<LlmPrice> prices, UnitCostPricer pricer,
            List<CustomerHierarchy.Member> members, Map<String, List<SubjectAttribution>> attributions,
            Map<String, String> seriesBySlug) {

        String digest(Instant monthStart, Instant monthEnd) {
            return CostInputs.digest(metered, seriesBySlug, prices, attributions, monthStart, monthEnd);
        }
    }

    private Inputs inputs(String namespace, boolean byCustomer, Instant from, Instant to) {
        List<FeatureCosts.MeteredFeature> metered = features.meteredFeatures(namespace);
        List<LlmPrice> priceList = prices.all(namespace);
        List<CustomerHierarchy.Member> members = byCustomer ? hierarchy.members(namespace) : List.of();
        Map<String, List<SubjectAttribution>> attributions = members.isEmpty() ? Map.of()
                : customers.attributions(namespace, members.stream().map(CustomerHierarchy.Member::id).toList(),
                        from, to);
        Map<String, String> series = byCustomer ? seriesBySlug(namespace, metered) : Map.of();
        return new Inputs(metered, priceList, new UnitCostPricer(priceList), members, attributions, series);
    }

    /**
     * The first half of a month's inputs digest (features, meters, prices), which the refresher checks every round
     * without reading customers.
     */
    String catalogDigest(String namespace, List<FeatureCosts.MeteredFeature> metered) {
        return CostInputs.catalogDigest(metered, seriesBySlug(namespace, metered), prices.all(namespace));
    }

    /** Each meter the features read to its live window series; a meter that is gone is left out. */
    private Map<String, String> seriesBySlug(String namespace, List<FeatureCosts.MeteredFeature> metered) {
        Map<String, String> series = new HashMap<>();
        for (String slug : CostMonths.meterSlugs(metered)) {
            meters.findLive(namespace, slug).ifPresent(m -> series.put(slug, m.seriesId()));
        }
        return series;
    }

    /** Usage and cost over [from, to), read from ClickHouse segment by segment. */
    private void addLive(Query query, Instant from, Instant to, Inputs inputs, CostTotals totals,
            Set<String> warnings) {
        boolean anyLlm = inputs.metered().stream().anyMatch(f -> f.unitCost() != null
                && FeatureCosts.UnitCost.LLM.equals(f.unitCost().type()));
        SegmentPlan plan = SegmentPlan.of(from, to, anyLlm ? inputs.pricer().priceChangesWithin(from, to) : List.of(),
                inputs.attributions(), MeterUsage.STRETCHES_PER_QUERY);
        for (FeatureCosts.MeteredFeature feature : inputs.metered()) {
            for (SegmentPlan.Segment segment : plan.segments()) {
                if (!addSegment(query, feature, segment, plan, inputs.pricer(), totals, warnings)) {
                    break;
                }
            }
        }
    }

    private static boolean byCustomer(Query query) {
        return query.groupBy().contains(CUSTOMER) || query.groupBy().contains(DEPARTMENT);
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
    private boolean addSegment(Query query, FeatureCosts.MeteredFeature feature, SegmentPlan.Segment segment,
            SegmentPlan plan, UnitCostPricer pricer, CostTotals totals, Set<String> warnings) {
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
        String costMeter = cost != null && FeatureCosts.UnitCost.METER.equals(cost.type()) ? cost.costMeterSlug()
                : null;
        List<Attributed> rows = new ArrayList<>();
        List<Attributed> costRows = new ArrayList<>();
        try {
            rows.addAll(read(query, feature, feature.meterSlug(), keys, segment, plan));
            if (costMeter != null) {
                costRows.addAll(read(query, feature, costMeter, reportKeys, segment, plan));
            }
        } catch (NoSuchElementException gone) {
            warnings.add("feature '" + feature.key() + "': " + gone.getMessage() + ", so its usage is not reported");
            return false;
        }
        for (Attributed row : rows) {
            UnitCostPricer.Priced priced = pricer.price(feature.key(), cost, row.groups(), row.value(),
                    segment.from());
            if (priced.warning() != null) {
                warnings.add(priced.warning());
            }
            totals.add(feature, row.windowFrom(), row.customerId(), row.groups(), priced.currency(), row.value(),
                    priced.cost());
        }
        for (Attributed row : costRows) {
            totals.add(feature, row.windowFrom(), row.customerId(), row.groups(), cost.currency(), BigDecimal.ZERO,
                    row.value());
        }
        return true;
    }

    /** A usage row with the customer it belongs to (null for none). */
    private record Attributed(Instant windowFrom, String customerId, Map<String, String> groups, BigDecimal value) {
    }

    /**
     * A meter's usage over the segment: every subject in one read, those that change hands inside it replaced by
     * their own reads, cut where they change hands.
     */
    private List<Attributed> read(Query query, FeatureCosts.MeteredFeature feature, String meterSlug,
            List<String> keys, SegmentPlan.Segment segment, SegmentPlan plan) {
        MeterUsage.Selection selection = new MeterUsage.Selection(query.namespace(), meterSlug,
                feature.groupFilters(), segment.from(), segment.to());
        List<Attributed> rows = new ArrayList<>();
        if (!byCustomer(query)) {
            // Nobody is told apart: the rows that hold every subject at once, a few per day instead of one per subject.
            for (MeterUsage.SubjectUsage row : usage.byGroup(selection, keys, query.windowSize(), query.zone())) {
                rows.add(new Attributed(row.from(), null, row.groups(), row.value()));
            }
            return rows;
        }
        for (MeterUsage.SubjectUsage row : usage.bySubjectAndGroup(selection, keys, query.windowSize(),
                query.zone())) {
            if (!segment.changing().contains(row.subject())) {
                rows.add(new Attributed(row.from(), plan.customerAt(row.subject(), segment.from()), row.groups(),
                        row.value()));
            }
        }
        for (List<SegmentPlan.Holding> batch : segment.batches()) {
            Map<String, List<SubjectAttribution>> holders = new HashMap<>();
            batch.forEach(h -> holders.computeIfAbsent(h.customerId() == null ? NO_CUSTOMER : h.customerId(),
                    k -> new ArrayList<>()).add(new SubjectAttribution(h.subject(), h.from(), h.to())));
            for (MeterUsage.HeldUsage row : usage.bySubjectHolderAndGroup(selection, holders, keys,
                    query.windowSize(), query.zone())) {
                rows.add(new Attributed(row.from(), NO_CUSTOMER.equals(row.holder()) ? null : row.holder(),
                        row.groups(), row.value()));
            }
        }
        return rows;
    }
}
