package dev.tollgate.notifications.domain;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/** OpenMeter's {@code NotificationRuleCreateRequest}, of any type: the body of a create and of a replace. */
public record RuleDraft(String type, String name, Boolean disabled, Map<String, String> metadata,
        List<ThresholdDraft> thresholds, List<String> channels, List<String> features) {

    /** A threshold as sent; validated by the rules. */
    public record ThresholdDraft(String type, BigDecimal value) {
    }
}
