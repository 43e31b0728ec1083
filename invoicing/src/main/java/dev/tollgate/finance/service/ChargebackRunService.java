package dev.tollgate.finance.service;

import com.github.f4b6a3.ulid.UlidCreator;
import dev.tollgate.catalog.api.BillingCustomer;
import dev.tollgate.catalog.api.BillingCustomers;
import dev.tollgate.catalog.api.InternalCustomers;
import dev.tollgate.catalog.api.pricing.PricingCurrency;
import dev.tollgate.finance.domain.ChargebackCalculator;
import dev.tollgate.finance.domain.ChargebackPlan;
import dev.tollgate.finance.domain.CostItem;
import dev.tollgate.finance.domain.CreditSide;
import dev.tollgate.finance.domain.DepartmentCharge;
import dev.tollgate.finance.domain.JournalLine;
import dev.tollgate.finance.domain.LargestRemainder;
import dev.tollgate.finance.store.ChargebackJournalLineEntity;
import dev.tollgate.finance.store.ChargebackRunEntity;
import dev.tollgate.finance.store.ChargebackRunLineEntity;
import dev.tollgate.finance.store.ChargebackRunRepository;
import dev.tollgate.invoicing.api.InternalInvoices;
import dev.tollgate.shared.ids.DerivedIds;
import dev.tollgate.shared.paging.Paging;
import dev.tollgate.shared.problem.ApiException;
import dev.tollgate.shared.problem.ValidationError;
import dev.tollgate.shared.time.Rfc3339;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Chargeback runs, exactly once per plan and period: the costs are read and charged, and the run, its department
 * lines and its journal are inserted in one transaction that the unique (plan, period) constraint lets only one caller
 * win. Whoever comes second (a retry, another instance) gets the stored run. Then each department's internal invoice
 * is issued under a key derived from its line, so a crash between invoices is resumed by the next request for the
 * run without a second invoice.
 */
@ApplicationScoped
public class ChargebackRunService {

    /** Marks the customers made for departments named by a metadata value. */
    public static final String DEPARTMENT_METADATA = "tollgate.chargebackDepartment";
    public static final String INTERNAL_CUSTOMER_PREFIX = "chargeback-";
    private static final String UNASSIGNED = "unassigned";

    /** The body of {@code POST /api/v1/chargeback/runs}. */
    public record RunRequest(String planId, String periodStart, String periodEnd) {
    }

    /** A run with its department lines; {@code created} when this request made it. */
    public record RunDocument(ChargebackRunEntity run, List<ChargebackRunLineEntity> lines, boolean created) {
    }

    /** A run's journal, in minor units of its currency. */
    public record Ledger(ChargebackRunEntity run, int minorUnits, List<JournalLine> lines) {
    }

    private final ChargebackPlanService plans;
    private final ChargebackRunRepository runs;
    private final Instance<UsageCosts> usageCosts;
    private final BillingCustomers customers;
    private final InternalCustomers internalCustomers;
    private final InternalInvoices invoices;
    private final Clock clock;

    ChargebackRunService(ChargebackPlanService plans, ChargebackRunRepository runs, Instance<UsageCosts> usageCosts,
            BillingCustomers customers, InternalCustomers internalCustomers, InternalInvoices invoices,
            Clock clock) {
        this.plans = plans;
        this.runs = runs;
        this.usageCosts = usageCosts;
        this.customers = customers;
        this.internalCustomers = internalCustomers;
        this.invoices = invoices;
        this.clock = clock;
    }

    /** {@code POST /api/v1/chargeback/runs}: the run of the plan and period, made once. */
    public RunDocument start(String namespace, RunRequest request) {
        ApiException.requireBody(request, "a chargeback run");
        List<ValidationError> errors = new ArrayList<>();
        if (request.planId() == null || request.planId().isBlank()) {
            errors.add(ValidationError.error("planId", "required", "is required: the chargeback plan's id"));
        }
        Instant start = instant("periodStart", request.periodStart(), errors);
        Instant end = instant("periodEnd", request.periodEnd(), errors);
        if (start != null && end != null && !start.isBefore(end)) {
            errors.add(ValidationError.error("periodEnd", "invalid", "must be after periodStart"));
        } else if (end != null && end.isAfter(clock.instant())) {
            errors.add(ValidationError.error("periodEnd", "in_future", "must not be in the future: a period is"
                    + " charged back once, when its costs are known"));
        }
        if (!errors.isEmpty()) {
            throw ApiException.invalid(errors);
        }
        ChargebackPlan plan = plans.get(namespace, request.planId());
        if (plan.deletedAt() != null) {
            throw ApiException.invalid("planId", "deleted", "names a deleted chargeback plan");
        }
        var existing = QuarkusTransaction.requiringNew().call(() -> runs.findOf(namespace, plan.id(), start, end));
        if (existing.isPresent()) {
            return finish(existing.get().id, false);
        }
        if (!usageCosts.isResolvable()) {
            throw ApiException.unavailable("usage costs are not available in this build", Duration.ofMinutes(5));
        }
        UsageCosts.Departments departments = plan.departmentsFromMetadata()
                ? UsageCosts.Departments.metadata(plan.departmentKey())
                : UsageCosts.Departments.hierarchy(plan.departmentLevel());
        List<UsageCosts.Row> rows = usageCosts.get().rows(new UsageCosts.Query(namespace, start, end, null,
                ZoneOffset.UTC, List.of(UsageCosts.DEPARTMENT, UsageCosts.CUSTOMER, UsageCosts.FEATURE),
                departments));
        return record(plan, start, end, rows);
    }

    /**
     * The run of the plan and period for costs already read, grouped by department, customer and feature: stored
     * unless a run of the plan and period exists (then that one is answered), and its invoices issued.
     */
    public RunDocument record(ChargebackPlan plan, Instant start, Instant end, List<UsageCosts.Row> rows) {
        int minorUnits = PricingCurrency.of(plan.currency()).minorUnits();
        List<CostItem> items = rows.stream().filter(r -> plan.currency().equals(r.currency()))
                .map(r -> new CostItem(r.group().get(UsageCosts.DEPARTMENT), r.group().get(UsageCosts.CUSTOMER),
                        r.group().get(UsageCosts.FEATURE), r.cost())).toList();
        List<DepartmentCharge> charges = ChargebackCalculator.charge(items, plan.allocationRules(),
                plan.markupPercent());
        Instant now = clock.instant();
        ChargebackRunEntity run = new ChargebackRunEntity();
        run.id = UlidCreator.getMonotonicUlid().toString();
        run.namespace = plan.namespace();
        run.planId = plan.id();
        run.periodStart = start;
        run.periodEnd = end;
        run.plan = plans.write(plan);
        run.currency = plan.currency();
        run.status = ChargebackRunEntity.INVOICING;
        run.createdAt = now;

        List<BigDecimal> amounts = new ArrayList<>();
        charges.forEach(c -> amounts.addAll(c.charges().values()));
        List<Long> minor = LargestRemainder.apportion(amounts, minorUnits);
        Map<String, String> costCenters = new HashMap<>();
        List<ChargebackRunLineEntity> lines = new ArrayList<>();
        List<ChargebackJournalLineEntity> journal = new ArrayList<>();
        for (DepartmentCharge charge : charges) {
            ChargebackRunLineEntity line = new ChargebackRunLineEntity();
            line.id = DerivedIds.ulid(now, "chargeback-line", run.id, Integer.toString(lines.size()));
            line.runId = run.id;
            line.position = lines.size();
            line.department = charge.department();
            line.costCenter = costCenters.computeIfAbsent(charge.department() == null ? "" : charge.department(),
                    d -> costCenter(plan, charge.department()));
            line.directCost = charge.directCost();
            line.allocatedCost = charge.allocatedCost();
            line.markup = charge.markup();
            line.total = charge.total();
            for (Map.Entry<CreditSide, BigDecimal> credit : charge.charges().entrySet()) {
                ChargebackJournalLineEntity entry = new ChargebackJournalLineEntity();
                entry.id = DerivedIds.ulid(now, "chargeback-journal", run.id, Integer.toString(journal.size()));
                entry.runId = run.id;
                entry.lineId = line.id;
                entry.position = journal.size();
                entry.debitAccount = JournalLine.expenseAccount(line.costCenter);
                entry.creditAccount = credit.getKey().isPlatform() ? plan.creditAccount()
                        : JournalLine.expenseAccount(costCenters.computeIfAbsent(credit.getKey().department(),
                                d -> costCenter(plan, d)));
                entry.amount = credit.getValue();
                entry.amountMinor = minor.get(journal.size());
                line.totalMinor += entry.amountMinor;
                journal.add(entry);
            }
            if (line.totalMinor != 0) {
                line.billingCustomerId = billingCustomer(plan, charge.department());
            }
            lines.add(line);
        }
        String runId = QuarkusTransaction.requiringNew().call(() -> {
            if (!runs.insertIfAbsent(run)) {
                return runs.findOf(run.namespace, run.planId, start, end).orElseThrow().id;
            }
            lines.forEach(runs::persistLine);
            runs.getEntityManager().flush();
            journal.forEach(runs::persistLine);
            return run.id;
        });
        return finish(runId, runId.equals(run.id));
    }

    /** Issues the invoices the run still lacks, one department at a time, and marks it completed. */
    private RunDocument finish(String runId, boolean created) {
        ChargebackRunEntity run = QuarkusTransaction.requiringNew().call(() -> runs.findById(runId));
        if (!ChargebackRunEntity.COMPLETED.equals(run.status)) {
            ChargebackPlan plan = plans.read(run.plan);
            int minorUnits = PricingCurrency.of(run.currency).minorUnits();
            List<ChargebackJournalLineEntity> journal = QuarkusTransaction.requiringNew()
                    .call(() -> runs.journal(runId));
            for (ChargebackRunLineEntity line : QuarkusTransaction.requiringNew().call(() -> runs.lines(runId))) {
                if (line.invoiceId != null || line.billingCustomerId == null || line.totalMinor == 0) {
                    continue;
                }
                List<InternalInvoices.Line> invoiceLines = journal.stream()
                        .filter(j -> j.lineId.equals(line.id) && j.amountMinor != 0)
                        .map(j -> new InternalInvoices.Line(lineName(plan, j), "Debit " + j.debitAccount
                                + ", credit " + j.creditAccount, BigDecimal.valueOf(j.amountMinor, minorUnits)))
                        .toList();
                String invoiceId = invoices.issue(new InternalInvoices.Request(run.namespace, line.id,
                        line.billingCustomerId, run.currency, run.periodStart, run.periodEnd,
                        "Chargeback '" + plan.name() + "' for " + run.periodStart + " to " + run.periodEnd,
                        Map.of("tollgate.chargebackRunId", run.id, "tollgate.costCenter", line.costCenter),
                        invoiceLines));
                QuarkusTransaction.requiringNew().run(() -> runs.setInvoice(line.id, invoiceId));
            }
            QuarkusTransaction.requiringNew().run(() -> {
                ChargebackRunEntity stored = runs.findById(runId);
                if (!ChargebackRunEntity.COMPLETED.equals(stored.status)) {
                    stored.status = ChargebackRunEntity.COMPLETED;
                    stored.completedAt = clock.instant();
                }
            });
        }
        return QuarkusTransaction.requiringNew().call(() -> new RunDocument(runs.findById(runId),
                runs.lines(runId), created));
    }

    public RunDocument get(String namespace, String runId) {
        return QuarkusTransaction.requiringNew().call(() -> {
            ChargebackRunEntity run = runs.findIn(namespace, runId).orElseThrow(() -> notFound(runId));
            return new RunDocument(run, runs.lines(run.id), false);
        });
    }

    public Paging.Page<RunDocument> list(String namespace, String planId, Paging paging) {
        return QuarkusTransaction.requiringNew().call(() -> new Paging.Page<>(runs.page(namespace, planId,
                paging.page(), paging.pageSize()).stream().map(r -> new RunDocument(r, runs.lines(r.id), false))
                .toList(),
                runs.countIn(namespace, planId)));
    }

    public Ledger ledger(String namespace, String runId) {
        return QuarkusTransaction.requiringNew().call(() -> {
            ChargebackRunEntity run = runs.findIn(namespace, runId).orElseThrow(() -> notFound(runId));
            int minorUnits = PricingCurrency.of(run.currency).minorUnits();
            Map<String, ChargebackRunLineEntity> lines = new HashMap<>();
            runs.lines(run.id).forEach(l -> lines.put(l.id, l));
            List<JournalLine> journal = runs.journal(run.id).stream().map(j -> new JournalLine(j.position,
                    lines.get(j.lineId).department, lines.get(j.lineId).costCenter, j.debitAccount,
                    j.creditAccount, j.amountMinor, BigDecimal.valueOf(j.amountMinor, minorUnits))).toList();
            return new Ledger(run, minorUnits, journal);
        });
    }

    private static String lineName(ChargebackPlan plan, ChargebackJournalLineEntity entry) {
        String markup = plan.markupPercent().signum() == 0 ? "" : ", plus " + plan.markupPercent().toPlainString()
                + "% markup";
        return (entry.creditAccount.equals(plan.creditAccount()) ? "Usage at cost"
                : "Shared platform of " + entry.creditAccount.substring("expense:".length())) + markup;
    }

    /**
     * The department's cost center on the ledger: a metadata department's value; a hierarchy department's customer
     * key (its id when it has none); {@code unassigned} for costs of no department.
     */
    private String costCenter(ChargebackPlan plan, String department) {
        if (department == null) {
            return UNASSIGNED;
        }
        if (plan.departmentsFromMetadata()) {
            return department;
        }
        return customers.findLive(plan.namespace(), department).map(c -> c.key() != null ? c.key() : c.id())
                .orElse(department);
    }

    /**
     * Who is invoiced for a department: the department's own customer in the hierarchy; for a metadata department,
     * the internal customer keyed {@code chargeback-<value>}, made once. None for costs of no department, or for a
     * hierarchy department that no longer exists.
     */
    private String billingCustomer(ChargebackPlan plan, String department) {
        if (department == null) {
            return null;
        }
        if (plan.departmentsFromMetadata()) {
            return internalCustomers.ensure(plan.namespace(), INTERNAL_CUSTOMER_PREFIX + department,
                    "Department " + department, Map.of(DEPARTMENT_METADATA, plan.departmentKey() + "="
                            + department));
        }
        return customers.findLive(plan.namespace(), department).map(BillingCustomer::id).orElse(null);
    }

    private static Instant instant(String field, String value, List<ValidationError> errors) {
        if (value == null || value.isBlank()) {
            errors.add(ValidationError.error(field, "required", "is required: an RFC 3339 timestamp"));
            return null;
        }
        return Rfc3339.parse(value.trim()).orElseGet(() -> {
            errors.add(ValidationError.error(field, "format", "must be an RFC 3339 timestamp such as"
                    + " 2026-01-01T00:00:00Z"));
            return null;
        });
    }

    private static ApiException notFound(String id) {
        return ApiException.notFound("no chargeback run has id '" + id + "'");
    }
}
