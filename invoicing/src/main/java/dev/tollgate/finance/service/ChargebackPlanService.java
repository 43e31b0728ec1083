package dev.tollgate.finance.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.f4b6a3.ulid.UlidCreator;
import dev.tollgate.catalog.api.BillingCustomers;
import dev.tollgate.finance.domain.AllocationRule;
import dev.tollgate.finance.domain.ChargebackPlan;
import dev.tollgate.finance.domain.ChargebackPlanDraft;
import dev.tollgate.finance.domain.ChargebackPlanRules;
import dev.tollgate.finance.store.ChargebackPlanEntity;
import dev.tollgate.finance.store.ChargebackPlanRepository;
import dev.tollgate.shared.paging.Paging;
import dev.tollgate.shared.problem.ApiException;
import dev.tollgate.shared.problem.ValidationError;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** Chargeback plans: validated, with the shared platform customers of their rules resolved to ids once. */
@ApplicationScoped
public class ChargebackPlanService {

    private static final TypeReference<List<AllocationRule>> RULES = new TypeReference<>() {
    };

    private final ChargebackPlanRepository plans;
    private final BillingCustomers customers;
    private final ObjectMapper json;
    private final Clock clock;

    ChargebackPlanService(ChargebackPlanRepository plans, BillingCustomers customers, ObjectMapper json,
            Clock clock) {
        this.plans = plans;
        this.customers = customers;
        this.json = json;
        this.clock = clock;
    }

    @Transactional
    public ChargebackPlan create(String namespace, ChargebackPlanDraft draft) {
        List<AllocationRule> rules = valid(namespace, draft);
        Instant now = clock.instant();
        ChargebackPlanEntity e = new ChargebackPlanEntity();
        e.id = UlidCreator.getMonotonicUlid().toString();
        e.namespace = namespace;
        e.createdAt = now;
        apply(e, draft, rules, now);
        plans.persist(e);
        return toDomain(e);
    }

    @Transactional
    public ChargebackPlan get(String namespace, String id) {
        return toDomain(plans.findIn(namespace, id).orElseThrow(() -> notFound(id)));
    }

    @Transactional
    public Paging.Page<ChargebackPlan> list(String namespace, boolean includeDeleted, Paging paging) {
        return new Paging.Page<>(plans.page(namespace, includeDeleted, paging.page(), paging.pageSize()).stream()
                .map(this::toDomain).toList(), plans.countIn(namespace, includeDeleted));
    }

    /** Replaces the plan; runs already made keep the plan as it was. */
    @Transactional
    public ChargebackPlan replace(String namespace, String id, ChargebackPlanDraft draft) {
        ChargebackPlanEntity e = live(namespace, id);
        apply(e, draft, valid(namespace, draft), clock.instant());
        return toDomain(e);
    }

    @Transactional
    public void delete(String namespace, String id) {
        ChargebackPlanEntity e = live(namespace, id);
        Instant now = clock.instant();
        e.deletedAt = now;
        e.updatedAt = now;
    }

    private ChargebackPlanEntity live(String namespace, String id) {
        ChargebackPlanEntity e = plans.findIn(namespace, id).orElseThrow(() -> notFound(id));
        if (e.deletedAt != null) {
            throw ApiException.conflict("chargeback plan " + id + " is deleted");
        }
        return e;
    }

    private List<AllocationRule> valid(String namespace, ChargebackPlanDraft draft) {
        List<ValidationError> errors = new ArrayList<>(ChargebackPlanRules.check(draft));
        List<AllocationRule> rules = new ArrayList<>();
        List<ChargebackPlanDraft.AllocationRuleDraft> given = Objects.requireNonNullElse(draft.allocationRules(),
                List.of());
        if (errors.isEmpty()) {
            for (int i = 0; i < given.size(); i++) {
                ChargebackPlanDraft.AllocationRuleDraft rule = given.get(i);
                String customerId = null;
                if (rule.customer() != null) {
                    customerId = customers.findLive(namespace, rule.customer()).map(c -> c.id()).orElse(null);
                    if (customerId == null) {
                        errors.add(ValidationError.error("allocationRules[" + i + "].customer", "unknown",
                                "names no customer: '" + rule.customer() + "'"));
                    }
                }
                rules.add(new AllocationRule(customerId, rule.feature(), rule.split(), rule.percentages()));
            }
        }
        if (!errors.isEmpty()) {
            throw ApiException.invalid(errors);
        }
        return rules;
    }

    private void apply(ChargebackPlanEntity e, ChargebackPlanDraft draft, List<AllocationRule> rules, Instant now) {
        e.name = draft.name().trim();
        e.description = draft.description();
        e.departmentKey = draft.departmentKey();
        e.departmentLevel = draft.departmentKey() != null ? 0
                : Objects.requireNonNullElse(draft.departmentLevel(), ChargebackPlan.DEFAULT_DEPARTMENT_LEVEL);
        e.markupPercent = Objects.requireNonNullElse(draft.markupPercent(), BigDecimal.ZERO);
        e.currency = draft.currency();
        e.creditAccount = Objects.requireNonNullElse(draft.creditAccount(), ChargebackPlan.DEFAULT_CREDIT_ACCOUNT);
        e.allocationRules = write(rules);
        e.updatedAt = now;
    }

    ChargebackPlan toDomain(ChargebackPlanEntity e) {
        try {
            return new ChargebackPlan(e.id, e.namespace, e.name, e.description, e.departmentKey, e.departmentLevel,
                    e.markupPercent, e.currency, e.creditAccount, json.readValue(e.allocationRules, RULES),
                    e.createdAt, e.updatedAt, e.deletedAt);
        } catch (JsonProcessingException ex) {
            throw new IllegalStateException("unreadable allocation rules of chargeback plan " + e.id, ex);
        }
    }

    /** A plan as a run keeps it. */
    ChargebackPlan read(String stored) {
        try {
            return json.readValue(stored, ChargebackPlan.class);
        } catch (JsonProcessingException ex) {
            throw new IllegalStateException("unreadable stored chargeback plan", ex);
        }
    }

    String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException ex) {
            throw new IllegalStateException("cannot write " + value.getClass().getSimpleName() + " as JSON", ex);
        }
    }

    private static ApiException notFound(String id) {
        return ApiException.notFound("no chargeback plan has id '" + id + "'");
    }
}
