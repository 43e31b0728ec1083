package dev.tollgate.entitlements.service;

import dev.tollgate.catalog.api.BillingCustomers;
import dev.tollgate.entitlements.credit.UsageSource;
import dev.tollgate.entitlements.domain.Entitlement;
import dev.tollgate.ingest.api.SubjectAttribution;
import dev.tollgate.meters.api.MeterUsage;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * The usage a metered entitlement burns: its feature's meter, narrowed by the feature's group filters, over the
 * customer's subjects while they were the customer's. Read from the meter windows in ClickHouse on every call, so a
 * late event counts as soon as it is folded.
 */
@ApplicationScoped
public class EntitlementUsage {

    /** Up to this many ranges are read one query each; beyond, one query reads the minutes and they are summed here. */
    static final int RANGES_PER_QUERY = 6;
    private static final ZoneId UTC = ZoneId.of("UTC");

    private final MeterUsage usage;
    private final BillingCustomers customers;

    EntitlementUsage(MeterUsage usage, BillingCustomers customers) {
        this.usage = usage;
        this.customers = customers;
    }

    public UsageSource of(Entitlement entitlement) {
        return boundaries -> between(entitlement, boundaries);
    }

    private List<BigDecimal> between(Entitlement e, List<Instant> boundaries) {
        int ranges = boundaries.size() - 1;
        Instant from = boundaries.get(0);
        Instant to = boundaries.get(ranges);
        List<SubjectAttribution> subjects = customers.attributions(e.namespace(), List.of(e.customerId()), from, to)
                .getOrDefault(e.customerId(), List.of());
        if (subjects.isEmpty() || e.meterSlug() == null) {
            return Collections.nCopies(ranges, BigDecimal.ZERO);
        }
        List<BigDecimal> result = new ArrayList<>(Collections.nCopies(ranges, BigDecimal.ZERO));
        if (ranges <= RANGES_PER_QUERY) {
            for (int i = 0; i < ranges; i++) {
                result.set(i, usage.totals(selection(e, boundaries.get(i), boundaries.get(i + 1)),
                        Map.of(e.customerId(), subjects)).getOrDefault(e.customerId(), BigDecimal.ZERO));
            }
            return result;
        }
        for (MeterUsage.Window minute : usage.windows(selection(e, from, to), subjects, "MINUTE", UTC)) {
            int found = Collections.binarySearch(boundaries, minute.from());
            int range = found >= 0 ? found : -found - 2;
            result.set(range, result.get(range).add(minute.value()));
        }
        return result;
    }

    private static MeterUsage.Selection selection(Entitlement e, Instant from, Instant to) {
        return new MeterUsage.Selection(e.namespace(), e.meterSlug(), e.meterGroupByFilters(), from, to);
    }
}
