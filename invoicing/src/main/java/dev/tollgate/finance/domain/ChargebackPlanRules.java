package dev.tollgate.finance.domain;

import static dev.tollgate.shared.problem.ValidationError.error;

import dev.tollgate.catalog.api.pricing.PricingCurrency;
import dev.tollgate.shared.problem.ValidationError;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** What a chargeback plan must be, before anything is looked up; each broken rule names its field. */
public final class ChargebackPlanRules {

    public static final int MAX_NAME = 256;
    public static final int MAX_DESCRIPTION = 1024;
    public static final int MAX_KEY = 64;
    public static final int MAX_LEVEL = 16;
    public static final int MAX_RULES = 50;
    public static final BigDecimal MAX_MARKUP = BigDecimal.valueOf(10_000);
    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

    private ChargebackPlanRules() {
    }

    public static List<ValidationError> check(ChargebackPlanDraft draft) {
        List<ValidationError> errors = new ArrayList<>();
        if (draft.name() == null || draft.name().isBlank()) {
            errors.add(error("name", "required", "is required"));
        } else if (draft.name().length() > MAX_NAME) {
            errors.add(error("name", "too_long", "must be at most " + MAX_NAME + " characters"));
        }
        if (draft.description() != null && draft.description().length() > MAX_DESCRIPTION) {
            errors.add(error("description", "too_long", "must be at most " + MAX_DESCRIPTION + " characters"));
        }
        departments(draft, errors);
        BigDecimal markup = draft.markupPercent();
        if (markup != null && (markup.signum() < 0 || markup.compareTo(MAX_MARKUP) > 0)) {
            errors.add(error("markupPercent", "invalid", "must be from 0 (at cost) to " + MAX_MARKUP
                    + ", not " + markup.toPlainString()));
        }
        currency(draft.currency(), errors);
        key("creditAccount", draft.creditAccount(), errors);
        rules(draft.allocationRules(), errors);
        return errors;
    }

    private static void departments(ChargebackPlanDraft draft, List<ValidationError> errors) {
        if (draft.departmentKey() != null && draft.departmentLevel() != null) {
            errors.add(error("departmentLevel", "conflict", "cannot be given with departmentKey: departments come"
                    + " either from a metadata key or from the customer hierarchy"));
        }
        key("departmentKey", draft.departmentKey(), errors);
        Integer level = draft.departmentLevel();
        if (level != null && (level < 0 || level > MAX_LEVEL)) {
            errors.add(error("departmentLevel", "invalid", "must be from 0 (the organisation) to " + MAX_LEVEL));
        }
    }

    private static void key(String field, String value, List<ValidationError> errors) {
        if (value != null && (value.isBlank() || value.length() > MAX_KEY)) {
            errors.add(error(field, "invalid", "must be 1 to " + MAX_KEY + " characters, not blank"));
        }
    }

    private static void currency(String currency, List<ValidationError> errors) {
        if (currency == null) {
            errors.add(error("currency", "required", "is required: an ISO 4217 code such as USD"));
            return;
        }
        try {
            if (!currency.matches("[A-Z]{3}")) {
                throw new IllegalArgumentException("not three capital letters");
            }
            PricingCurrency.of(currency);
        } catch (IllegalArgumentException e) {
            errors.add(error("currency", "invalid", "must be an ISO 4217 code with minor units such as USD, not '"
                    + currency + "'"));
        }
    }

    private static void rules(List<ChargebackPlanDraft.AllocationRuleDraft> rules, List<ValidationError> errors) {
        if (rules == null) {
            return;
        }
        if (rules.size() > MAX_RULES) {
            errors.add(error("allocationRules", "too_many", "may hold at most " + MAX_RULES + " rules"));
            return;
        }
        Set<String> shared = new HashSet<>();
        for (int i = 0; i < rules.size(); i++) {
            String field = "allocationRules[" + i + "]";
            ChargebackPlanDraft.AllocationRuleDraft rule = rules.get(i);
            if (rule == null) {
                errors.add(error(field, "required", "must be a rule, not null"));
                continue;
            }
            if ((rule.customer() == null) == (rule.feature() == null)) {
                errors.add(error(field + ".customer", "required", "a rule shares exactly one thing: give either"
                        + " customer (a shared platform's customer id or key) or feature (a feature key)"));
            } else {
                String what = rule.customer() != null ? "customer" : "feature";
                String value = rule.customer() != null ? rule.customer() : rule.feature();
                if (value.isBlank() || value.length() > 256) {
                    errors.add(error(field + "." + what, "invalid", "must be 1 to 256 characters"));
                } else if (!shared.add(what + ":" + value)) {
                    errors.add(error(field + "." + what, "duplicate", "is shared by an earlier rule already"));
                }
            }
            split(field, rule, errors);
        }
    }

    private static void split(String field, ChargebackPlanDraft.AllocationRuleDraft rule,
            List<ValidationError> errors) {
        Map<String, BigDecimal> percentages = rule.percentages();
        if (AllocationRule.PROPORTIONAL.equals(rule.split())) {
            if (percentages != null && !percentages.isEmpty()) {
                errors.add(error(field + ".percentages", "not_allowed", "are only for a fixed split"));
            }
            return;
        }
        if (!AllocationRule.FIXED.equals(rule.split())) {
            errors.add(error(field + ".split", rule.split() == null ? "required" : "invalid", "must be "
                    + AllocationRule.PROPORTIONAL + " or " + AllocationRule.FIXED));
            return;
        }
        if (percentages == null || percentages.isEmpty()) {
            errors.add(error(field + ".percentages", "required", "a fixed split needs department to percent, such"
                    + " as {\"engineering\": 60, \"sales\": 40}"));
            return;
        }
        BigDecimal sum = BigDecimal.ZERO;
        for (Map.Entry<String, BigDecimal> entry : percentages.entrySet()) {
            BigDecimal percent = entry.getValue();
            if (entry.getKey().isBlank() || entry.getKey().length() > 256) {
                errors.add(error(field + ".percentages", "invalid", "department names must be 1 to 256"
                        + " characters"));
                return;
            }
            if (percent == null || percent.signum() <= 0 || percent.compareTo(HUNDRED) > 0) {
                errors.add(error(field + ".percentages." + entry.getKey(), "invalid", "must be more than 0 and at"
                        + " most 100"));
                return;
            }
            sum = sum.add(percent);
        }
        if (sum.compareTo(HUNDRED) != 0) {
            errors.add(error(field + ".percentages", "sum_not_100", "must add up to exactly 100, not "
                    + sum.toPlainString()));
        }
    }
}
