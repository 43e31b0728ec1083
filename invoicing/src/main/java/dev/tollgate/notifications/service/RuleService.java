package dev.tollgate.notifications.service;

import com.github.f4b6a3.ulid.UlidCreator;
import dev.tollgate.catalog.api.BillingFeatures;
import dev.tollgate.notifications.domain.EventTypes;
import dev.tollgate.notifications.domain.RuleDraft;
import dev.tollgate.notifications.domain.RuleRules;
import dev.tollgate.notifications.store.ChannelEntity;
import dev.tollgate.notifications.store.ChannelRepository;
import dev.tollgate.notifications.store.RuleEntity;
import dev.tollgate.notifications.store.RuleRepository;
import dev.tollgate.shared.paging.Paging;
import dev.tollgate.shared.problem.ApiException;
import dev.tollgate.shared.problem.ValidationError;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Notification rules: validated, their channels and features checked to exist in the namespace. */
@ApplicationScoped
public class RuleService {

    private final RuleRepository rules;
    private final ChannelRepository channels;
    private final BillingFeatures features;
    private final Clock clock;

    RuleService(RuleRepository rules, ChannelRepository channels, BillingFeatures features, Clock clock) {
        this.rules = rules;
        this.channels = channels;
        this.features = features;
        this.clock = clock;
    }

    @Transactional
    public RuleEntity create(String namespace, RuleDraft draft) {
        check(namespace, draft);
        Instant now = now();
        RuleEntity rule = new RuleEntity();
        rule.id = UlidCreator.getMonotonicUlid().toString();
        rule.namespace = namespace;
        rule.createdAt = now;
        apply(rule, draft, now);
        rules.persist(rule);
        return rule;
    }

    @Transactional
    public RuleEntity replace(String namespace, String id, RuleDraft draft) {
        RuleEntity rule = get(namespace, id);
        if (rule.deletedAt != null) {
            throw ApiException.conflict("rule " + id + " is deleted and cannot be changed");
        }
        if (draft.type() != null && !draft.type().equals(rule.type)) {
            throw ApiException.invalid("type", "immutable", "cannot change from " + rule.type + " to "
                    + draft.type());
        }
        check(namespace, draft);
        apply(rule, draft, now());
        return rule;
    }

    @Transactional
    public void delete(String namespace, String id) {
        RuleEntity rule = get(namespace, id);
        if (rule.deletedAt == null) {
            Instant now = now();
            rule.deletedAt = now;
            rule.disabled = true;
            rule.updatedAt = now;
        }
    }

    @Transactional
    public RuleEntity get(String namespace, String id) {
        return rules.findIn(namespace, id).orElseThrow(() -> ApiException.notFound(
                "no notification rule has id '" + id + "'"));
    }

    @Transactional
    public Paging.Page<RuleEntity> list(String namespace, boolean includeDisabled, String orderBy,
            boolean descending, Paging paging) {
        return new Paging.Page<>(rules.page(namespace, includeDisabled, orderBy, descending, paging.page(),
                paging.pageSize()), rules.countLive(namespace, includeDisabled));
    }

    /** The rules' channels, by id, disabled and deleted ones too: one query per namespace, not one per rule. */
    @Transactional
    public Map<String, ChannelEntity> channelsOf(List<RuleEntity> of) {
        Map<String, Set<String>> idsByNamespace = new LinkedHashMap<>();
        for (RuleEntity rule : of) {
            idsByNamespace.computeIfAbsent(rule.namespace, n -> new LinkedHashSet<>()).addAll(rule.channels);
        }
        Map<String, ChannelEntity> found = new LinkedHashMap<>();
        idsByNamespace.forEach((namespace, ids) -> found.putAll(channels.byIds(namespace, ids)));
        return found;
    }

    private void check(String namespace, RuleDraft draft) {
        List<ValidationError> errors = RuleRules.check(draft);
        if (errors.isEmpty()) {
            Map<String, ChannelEntity> named = channels.byIds(namespace, draft.channels());
            List<String> missing = draft.channels().stream().filter(c -> !named.containsKey(c)
                    || named.get(c).deletedAt != null).toList();
            if (!missing.isEmpty()) {
                errors.add(ValidationError.error("channels", "not_found", "names channels that do not exist: "
                        + missing));
            }
            List<String> unknown = draft.features() == null ? List.of() : draft.features().stream()
                    .filter(f -> features.findFeature(namespace, f).isEmpty()).toList();
            if (!unknown.isEmpty() && usesFeatures(draft.type())) {
                errors.add(ValidationError.error("features", "not_found", "names features that do not exist or are"
                        + " archived: " + unknown));
            }
        }
        if (!errors.isEmpty()) {
            throw ApiException.invalid(errors);
        }
    }

    private static boolean usesFeatures(String type) {
        return EventTypes.BALANCE_THRESHOLD.equals(type) || EventTypes.ENTITLEMENT_RESET.equals(type);
    }

    private static void apply(RuleEntity rule, RuleDraft draft, Instant now) {
        rule.type = draft.type();
        rule.name = draft.name();
        rule.disabled = Boolean.TRUE.equals(draft.disabled());
        rule.metadata = draft.metadata() == null ? new LinkedHashMap<>() : new LinkedHashMap<>(draft.metadata());
        rule.thresholds = EventTypes.BALANCE_THRESHOLD.equals(draft.type()) ? draft.thresholds().stream()
                .map(t -> new RuleEntity.StoredThreshold(t.type(), t.value())).toList()
                : new ArrayList<>();
        rule.features = usesFeatures(draft.type()) && draft.features() != null ? new ArrayList<>(draft.features())
                : new ArrayList<>();
        rule.channels = new ArrayList<>(draft.channels());
        rule.updatedAt = now;
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
