package dev.tollgate.invoicing.service;

import dev.tollgate.invoicing.domain.InvoiceAction;
import dev.tollgate.invoicing.domain.InvoiceLifecycle;
import dev.tollgate.invoicing.domain.InvoiceQuery;
import dev.tollgate.invoicing.domain.InvoiceStatus;
import dev.tollgate.invoicing.domain.LineCharges;
import dev.tollgate.invoicing.domain.LineIds;
import dev.tollgate.invoicing.domain.LineKind;
import dev.tollgate.invoicing.domain.ManagedBy;
import dev.tollgate.invoicing.domain.PaymentTrigger;
import dev.tollgate.invoicing.domain.ValidationIssue;
import dev.tollgate.invoicing.store.InvoiceEntity;
import dev.tollgate.invoicing.store.InvoiceLineEntity;
import dev.tollgate.invoicing.store.InvoiceLineRepository;
import dev.tollgate.invoicing.store.InvoiceRepository;
import dev.tollgate.invoicing.store.InvoiceSearch;
import dev.tollgate.invoicing.store.LineJson;
import dev.tollgate.shared.paging.Paging;
import dev.tollgate.shared.problem.ApiException;
import dev.tollgate.shared.problem.ValidationError;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Invoices as clients see and move them: reading, editing drafts, and the lifecycle's actions. Every change takes the
 * invoice's lock and checks the action against its status under it, so a client racing the billing run (or another
 * client) gets a clear 409 instead of a second transition.
 */
@ApplicationScoped
public class InvoiceService {

    private final InvoiceRepository invoices;
    private final InvoiceLineRepository lines;
    private final InvoiceSearch search;
    private final InvoiceIssuer issuer;
    private final LinePricer pricer;
    private final GatheringInvoices gathering;
    private final LineJson json;
    private final Clock clock;
    private final InvoiceDelivery delivery;

    InvoiceService(InvoiceRepository invoices, InvoiceLineRepository lines, InvoiceSearch search,
            InvoiceIssuer issuer, LinePricer pricer, GatheringInvoices gathering, InvoiceDelivery delivery,
            LineJson json, Clock clock) {
        this.delivery = delivery;
        this.invoices = invoices;
        this.lines = lines;
        this.search = search;
        this.issuer = issuer;
        this.pricer = pricer;
        this.gathering = gathering;
        this.json = json;
        this.clock = clock;
    }

    @Transactional
    public Paging.Page<InvoiceDocument> list(String namespace, InvoiceQuery query) {
        Paging paging = query.paging() == null ? new Paging(1, Paging.DEFAULT_PAGE_SIZE) : query.paging();
        Paging.Page<InvoiceEntity> found = search.find(namespace, query, paging);
        Map<String, List<InvoiceLineEntity>> byInvoice = query.expandLines()
                ? lines.ofInvoices(found.items().stream().map(i -> i.id).toList()) : Map.of();
        return new Paging.Page<>(found.items().stream()
                .map(i -> new InvoiceDocument(i, byInvoice.getOrDefault(i.id, List.of()))).toList(),
                found.totalCount());
    }

    @Transactional
    public InvoiceDocument get(String namespace, String id, boolean withLines) {
        InvoiceEntity invoice = find(namespace, id);
        return new InvoiceDocument(invoice, withLines ? lines.ofInvoice(invoice.id) : List.of());
    }

    /** A draft's editable parts: description, metadata, and its lines' names, descriptions and metadata. */
    public record InvoiceEdit(String description, Map<String, String> metadata, List<LineEdit> lines) {
    }

    public record LineEdit(String id, String name, String description, Map<String, String> metadata) {
    }

    @Transactional
    public InvoiceDocument update(String namespace, String id, InvoiceEdit edit) {
        InvoiceEntity invoice = locked(namespace, id);
        InvoiceStatus status = statusOf(invoice);
        if (!status.isDraft() && status != InvoiceStatus.GATHERING) {
            throw notAllowed(invoice, "update", "only a draft or gathering invoice can be changed; this one is "
                    + status.wireName());
        }
        Map<String, InvoiceLineEntity> current = lines.ofInvoice(invoice.id).stream()
                .collect(Collectors.toMap(l -> l.id, l -> l));
        if (edit.lines() != null) {
            List<String> given = edit.lines().stream().map(LineEdit::id).toList();
            if (given.size() != current.size() || !current.keySet().containsAll(given)) {
                throw ApiException.invalid("lines", "lines_changed", "lines must list the invoice's lines by id;"
                        + " lines are added as pending lines and removed by deleting the draft");
            }
            for (int i = 0; i < edit.lines().size(); i++) {
                LineEdit line = edit.lines().get(i);
                if (line.name() == null || line.name().isBlank() || line.name().length() > 256) {
                    throw ApiException.invalid("lines[" + i + "].name", "invalid",
                            "lines[" + i + "].name must be 1 to 256 characters");
                }
            }
        }
        Instant now = clock.instant();
        invoice.description = edit.description();
        invoice.metadata = json.write(edit.metadata() == null ? Map.of() : edit.metadata());
        invoice.updatedAt = now;
        if (edit.lines() != null) {
            for (LineEdit e : edit.lines()) {
                InvoiceLineEntity line = current.get(e.id());
                line.name = e.name();
                line.description = e.description();
                line.metadata = json.write(e.metadata() == null ? Map.of() : e.metadata());
                line.updatedAt = now;
            }
        }
        return new InvoiceDocument(invoice, lines.ofInvoice(invoice.id));
    }

    /** Deletes a draft: its lines go back to the customer's gathering invoice, to be invoiced again. */
    @Transactional
    public void delete(String namespace, String id) {
        InvoiceEntity invoice = locked(namespace, id);
        require(invoice, InvoiceAction.DELETE);
        Instant now = clock.instant();
        List<InvoiceLineEntity> onDraft = lines.ofInvoice(invoice.id);
        if (!onDraft.isEmpty()) {
            InvoiceEntity target = gathering.lockedFor(invoice.namespace, invoice.customerId, invoice.currency);
            for (InvoiceLineEntity line : onDraft) {
                line.invoiceId = target.id;
                line.quantity = null;
                line.usageSnapshot = null;
                pricer.setCharges(line, LineCharges.NONE);
                line.charges = null;
                line.updatedAt = now;
            }
        }
        invoice.status = InvoiceStatus.DELETED.wireName();
        invoice.deletedAt = now;
        invoice.updatedAt = now;
    }

    /** {@code advance} and {@code approve}: issue the draft now. */
    @Transactional
    public InvoiceDocument issue(String namespace, String id, InvoiceAction action) {
        InvoiceEntity invoice = locked(namespace, id);
        require(invoice, action);
        issuer.issue(invoice, clock.instant());
        return new InvoiceDocument(invoice, lines.ofInvoice(invoice.id));
    }

    /**
     * {@code retry}: of an invoice whose delivery failed, the delivery (the Stripe sync resumes at the step that
     * failed); of an invalid draft, a new snapshot ({@link #resnapshot}).
     */
    @Transactional
    public InvoiceDocument retry(String namespace, String id) {
        InvoiceEntity invoice = locked(namespace, id);
        if (statusOf(invoice) == InvoiceStatus.ISSUING_FAILED) {
            delivery.retry(invoice, clock.instant());
            return new InvoiceDocument(invoice, lines.ofInvoice(invoice.id));
        }
        return resnapshot(namespace, id, InvoiceAction.RETRY);
    }

    /**
     * {@code snapshot-quantities}, and {@code retry} of an invalid draft: the usage of its lines is read again and
     * the lines priced again, and the draft validated again.
     */
    @Transactional
    public InvoiceDocument resnapshot(String namespace, String id, InvoiceAction action) {
        InvoiceEntity invoice = locked(namespace, id);
        require(invoice, action);
        Instant now = clock.instant();
        List<ValidationIssue> issues = new ArrayList<>();
        List<InvoiceLineEntity> onDraft = lines.ofInvoice(invoice.id);
        UsageQuantities.Answers answers = UsageQuantities.Answers.none();
        for (InvoiceLineEntity line : onDraft) {
            boolean adjustment = ManagedBy.SYSTEM.wireName().equals(line.managedBy);
            try {
                if (!adjustment && LineKind.USAGE.stored().equals(line.kind)) {
                    pricer.quantify(line, answers, now);
                }
                if (!adjustment) {
                    pricer.price(line);
                }
            } catch (RuntimeException e) {
                issues.add(ValidationIssue.critical("lines/" + line.id, "line_not_priced",
                        "line '" + line.name + "' cannot be priced: " + e.getMessage()));
            }
            line.updatedAt = now;
        }
        LinePricer.total(invoice, onDraft);
        invoice.quantitySnapshottedAt = now;
        invoice.validationIssues = json.write(issues);
        invoice.updatedAt = now;
        if (!issues.isEmpty()) {
            invoice.status = InvoiceStatus.DRAFT_INVALID.wireName();
        } else if (statusOf(invoice) == InvoiceStatus.DRAFT_INVALID) {
            var workflow = json.read(invoice.workflow, dev.tollgate.invoicing.domain.BillingWorkflow.class).complete();
            invoice.status = InvoiceLifecycle.draftStatus(workflow.autoAdvance()).wireName();
            invoice.draftUntil = workflow.draftPeriod().after(now);
        }
        return new InvoiceDocument(invoice, onDraft);
    }

    /**
     * Voids an issued invoice. {@code pending} puts its lines back on the customer's gathering invoice, to be
     * invoiced again; {@code discard} writes them off.
     */
    @Transactional
    public InvoiceDocument voidInvoice(String namespace, String id, boolean rebill) {
        InvoiceEntity invoice = locked(namespace, id);
        require(invoice, InvoiceAction.VOID);
        Instant now = clock.instant();
        delivery.voiding(invoice, now);
        List<InvoiceLineEntity> voided = lines.ofInvoice(invoice.id);
        if (rebill && !voided.isEmpty()) {
            InvoiceEntity target = gathering.lockedFor(invoice.namespace, invoice.customerId, invoice.currency);
            for (InvoiceLineEntity line : voided) {
                InvoiceLineEntity again = InvoiceCollector.copy(line, LineIds.rebill(line.id, line.periodFrom),
                        target.id, now);
                again.invoiceAt = now;
                again.charges = line.charges;
                again.quantity = line.quantity;
                if (!ManagedBy.SYSTEM.wireName().equals(line.managedBy)) {
                    again.quantity = null;
                    again.charges = null;
                } else {
                    pricer.setCharges(again, json.charges(line));
                }
                lines.persist(again);
            }
        }
        invoice.moveTo(InvoiceStatus.VOIDED, now);
        return new InvoiceDocument(invoice, voided);
    }

    /** A payment report from the payment side (OpenMeter's custom invoicing app). */
    @Transactional
    public InvoiceDocument paymentStatus(String namespace, String id, PaymentTrigger trigger) {
        InvoiceEntity invoice = locked(namespace, id);
        InvoiceStatus status = statusOf(invoice);
        InvoiceStatus next = InvoiceLifecycle.afterPayment(status, trigger).orElseThrow(() -> notAllowed(invoice,
                "trigger", "payment trigger '" + trigger.wireName() + "' does not apply to an invoice that is "
                        + status.wireName()));
        Instant now = clock.instant();
        invoice.moveTo(next, now);
        return new InvoiceDocument(invoice, List.of());
    }

    /** One line of an invoice, for explaining it. */
    @Transactional
    public InvoiceLineEntity line(String namespace, String invoiceId, String lineId) {
        InvoiceEntity invoice = find(namespace, invoiceId);
        return lines.findByIdOptional(lineId).filter(l -> l.invoiceId.equals(invoice.id) && l.deletedAt == null)
                .orElseThrow(() -> ApiException.notFound("line '" + lineId + "' is not on invoice '" + invoiceId
                        + "'"));
    }

    /** Any line by id, live or not: the line an adjustment changes. */
    InvoiceLineEntity lineById(String lineId) {
        return lines.findById(lineId);
    }

    InvoiceEntity find(String namespace, String id) {
        return invoices.find(namespace, id)
                .orElseThrow(() -> ApiException.notFound("invoice '" + id + "' does not exist"));
    }

    private InvoiceEntity locked(String namespace, String id) {
        InvoiceEntity invoice = find(namespace, id);
        return invoices.lock(invoice.id);
    }

    private void require(InvoiceEntity invoice, InvoiceAction action) {
        InvoiceStatus status = statusOf(invoice);
        if (InvoiceLifecycle.after(status, action, invoice.total.signum() <= 0).isEmpty()) {
            throw notAllowed(invoice, action.wireName(), "action '" + action.wireName() + "' is not available for"
                    + " an invoice that is " + status.wireName());
        }
    }

    /** A 409 naming the action, with the actions the invoice does allow (OpenMeter's availableActions). */
    private static ApiException notAllowed(InvoiceEntity invoice, String field, String detail) {
        InvoiceStatus status = statusOf(invoice);
        List<String> available = InvoiceLifecycle.available(status, invoice.total.signum() <= 0).keySet().stream()
                .map(InvoiceAction::wireName).toList();
        return new ApiException(409, detail + "; available actions: " + (available.isEmpty() ? "none"
                : String.join(", ", available)), List.of(new ValidationError(field, "action_not_available", detail)),
                null).withExtension("availableActions", available);
    }

    static InvoiceStatus statusOf(InvoiceEntity invoice) {
        return InvoiceStatus.ofWireName(invoice.status).orElseThrow();
    }
}
