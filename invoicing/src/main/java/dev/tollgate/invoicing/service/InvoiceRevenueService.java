package dev.tollgate.invoicing.service;

import dev.tollgate.invoicing.api.InvoiceRevenue;
import dev.tollgate.invoicing.domain.InvoiceStatus;
import dev.tollgate.invoicing.domain.LineKind;
import dev.tollgate.invoicing.domain.ManagedBy;
import dev.tollgate.invoicing.store.InvoiceEntity;
import dev.tollgate.invoicing.store.InvoiceLineEntity;
import dev.tollgate.invoicing.store.InvoiceLineRepository;
import dev.tollgate.invoicing.store.InvoiceRepository;
import dev.tollgate.invoicing.store.LineJson;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jboss.logging.Logger;

/**
 * Invoices as finance reads them: the lines of standing invoices, and each gathering invoice projected as of now with
 * the billing run's own pricing ({@link LinePricer}, {@link UsageQuantities}), on copies that are never stored.
 */
@ApplicationScoped
public class InvoiceRevenueService implements InvoiceRevenue {

    private static final Logger LOG = Logger.getLogger(InvoiceRevenueService.class);

    /** Issued or later and not voided: what was invoiced and still stands. */
    static final List<String> STANDING = Arrays.stream(InvoiceStatus.values())
            .filter(s -> s.isImmutable() && s != InvoiceStatus.VOIDED).map(InvoiceStatus::wireName).toList();

    private final InvoiceRepository invoices;
    private final InvoiceLineRepository lines;
    private final LinePricer pricer;
    private final UsageQuantities usage;
    private final LineJson json;

    InvoiceRevenueService(InvoiceRepository invoices, InvoiceLineRepository lines, LinePricer pricer,
            UsageQuantities usage, LineJson json) {
        this.invoices = invoices;
        this.lines = lines;
        this.pricer = pricer;
        this.usage = usage;
        this.json = json;
    }

    @Override
    public List<StandingLine> standingLines(String namespace, Instant from, Instant to) {
        return QuarkusTransaction.requiringNew().call(() -> {
            lines.readOnly();
            List<StandingLine> found = new ArrayList<>();
            for (Object[] row : invoices.standingLines(namespace, STANDING, from, to)) {
                String status = (String) row[5];
                found.add(new StandingLine((String) row[0], (String) row[1], (String) row[2], (String) row[3],
                        (String) row[4], status, instant(row[6]),
                        InvoiceStatus.PAID.wireName().equals(status) ? instant(row[7]) : null, (String) row[8],
                        (String) row[9], (String) row[10], json.groupFilters((String) row[11]), instant(row[12]),
                        instant(row[13]), row[14] == null ? BigDecimal.ZERO : (BigDecimal) row[14]));
            }
            return found;
        });
    }

    @Override
    public List<PeriodSum> periodSums(String namespace, Basis basis, List<Instant> bounds, String currency,
            Map<String, String> labels) {
        for (int i = 1; i < bounds.size(); i++) {
            if (!bounds.get(i - 1).isBefore(bounds.get(i))) {
                throw new IllegalArgumentException("period bounds must increase: " + bounds);
            }
        }
        if (bounds.size() < 2) {
            return List.of();
        }
        // Paid revenue counts only invoices that are paid now: a paid_at left on another status does not count.
        List<String> statuses = basis == Basis.PAID ? List.of(InvoiceStatus.PAID.wireName()) : STANDING;
        return QuarkusTransaction.requiringNew().call(() -> {
            lines.readOnly();
            List<PeriodSum> sums = new ArrayList<>();
            for (Object[] row : invoices.periodSums(namespace, statuses, basis == Basis.PAID, bounds, currency,
                    labels)) {
                sums.add(new PeriodSum((Integer) row[0], (String) row[1], (String) row[2], (String) row[3],
                        (BigDecimal) row[4]));
            }
            return sums;
        });
    }

    @Override
    public List<ServiceSum> serviceSums(String namespace, Instant from, Instant to) {
        return QuarkusTransaction.requiringNew().call(() -> {
            lines.readOnly();
            List<ServiceSum> sums = new ArrayList<>();
            for (Object[] row : invoices.serviceSums(namespace, STANDING, from, to)) {
                sums.add(new ServiceSum((String) row[0], (String) row[1], (String) row[2], (String) row[3],
                        json.groupFilters((String) row[4]), (BigDecimal) row[5]));
            }
            return sums;
        });
    }

    /** A timestamptz column of a native query, as the JDBC driver and Hibernate hand it over. */
    private static Instant instant(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof Instant instant) {
            return instant;
        }
        if (value instanceof java.time.OffsetDateTime offset) {
            return offset.toInstant();
        }
        return ((java.sql.Timestamp) value).toInstant();
    }

    @Override
    public List<ProjectedInvoice> projected(String namespace, String currency, Instant now) {
        List<Pending> pending = QuarkusTransaction.requiringNew().call(() -> {
            lines.readOnly();
            List<InvoiceEntity> gathering = invoices.gatheringIn(namespace).stream()
                    .filter(i -> currency == null || currency.equals(i.currency)).toList();
            Map<String, List<InvoiceLineEntity>> byInvoice = lines.ofGatheringIn(namespace);
            return gathering.stream().filter(i -> byInvoice.containsKey(i.id))
                    .map(i -> Pending.of(i, byInvoice.get(i.id), now)).toList();
        });
        // Every usage question at once: a meter and period at a time for all customers, as the run reads them.
        List<UsageQuantities.Question> questions = pending.stream().flatMap(p -> p.priced().stream())
                .filter(InvoiceRevenueService::measured).map(l -> UsageQuantities.Question.of(l, json)).toList();
        UsageQuantities.Answers answers = usage.prefetch(questions, now);
        List<ProjectedInvoice> projected = new ArrayList<>();
        for (Pending p : pending) {
            BigDecimal total = p.adjustments();
            for (InvoiceLineEntity line : p.priced()) {
                total = total.add(project(line, answers, now));
            }
            projected.add(new ProjectedInvoice(p.invoice().customerId, p.invoice().currency, p.invoice().id,
                    p.from(), p.to(), p.count(), total));
        }
        projected.sort(Comparator.comparing(ProjectedInvoice::customerId).thenComparing(ProjectedInvoice::currency));
        return projected;
    }

    /**
     * A gathering invoice's lines to price, as copies that are never stored, and its adjustments (system lines), which
     * carry their amounts already.
     */
    private record Pending(InvoiceEntity invoice, List<InvoiceLineEntity> priced, BigDecimal adjustments, int count,
            Instant from, Instant to) {

        static Pending of(InvoiceEntity invoice, List<InvoiceLineEntity> lines, Instant now) {
            List<InvoiceLineEntity> priced = new ArrayList<>();
            BigDecimal adjustments = BigDecimal.ZERO;
            for (InvoiceLineEntity line : lines) {
                if (ManagedBy.SYSTEM.wireName().equals(line.managedBy)) {
                    adjustments = adjustments.add(Objects.requireNonNullElse(line.total, BigDecimal.ZERO));
                } else {
                    priced.add(InvoiceCollector.copy(line, line.id, line.invoiceId, now));
                }
            }
            return new Pending(invoice, priced, adjustments, lines.size(),
                    lines.stream().map(l -> l.periodFrom).min(Comparator.naturalOrder()).orElse(null),
                    lines.stream().map(l -> l.periodTo).max(Comparator.naturalOrder()).orElse(null));
        }
    }

    /** A subscription or one-off usage line, measured when priced; adjustments carry their amounts already. */
    private static boolean measured(InvoiceLineEntity line) {
        return LineKind.USAGE.stored().equals(line.kind) && !ManagedBy.SYSTEM.wireName().equals(line.managedBy);
    }

    private BigDecimal project(InvoiceLineEntity line, UsageQuantities.Answers answers, Instant now) {
        try {
            if (measured(line)) {
                pricer.quantify(line, answers, now);
            }
            pricer.price(line);
            return line.total;
        } catch (RuntimeException e) {
            // As the run would mark its draft invalid: the projection leaves the line out and says why in the log.
            LOG.warnf("line %s of gathering invoice %s cannot be projected: %s", line.id, line.invoiceId,
                    e.getMessage());
            return BigDecimal.ZERO;
        }
    }
}
