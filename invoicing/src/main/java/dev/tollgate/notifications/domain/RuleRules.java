package dev.tollgate.notifications.domain;

import static dev.tollgate.shared.problem.ValidationError.error;

import dev.tollgate.shared.problem.MetadataRules;
import dev.tollgate.shared.problem.ValidationError;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** What a rule must be, before anything is looked up: OpenMeter's limits and messages where it has them. */
public final class RuleRules {

    public static final int MAX_THRESHOLDS = 10;
    public static final int MAX_CHANNELS = 5;

    private RuleRules() {
    }

    public static List<ValidationError> check(RuleDraft draft) {
        List<ValidationError> errors = new ArrayList<>();
        if (draft.type() == null) {
            errors.add(error("type", "required", "is required: one of " + EventTypes.ALL));
            return errors;
        }
        if (!EventTypes.ALL.contains(draft.type())) {
            errors.add(error("type", "invalid", "must be one of " + EventTypes.ALL + ", not '" + draft.type() + "'"));
            return errors;
        }
        ChannelRules.name(draft.name(), errors);
        MetadataRules.check("metadata", draft.metadata(), errors);
        channels(draft.channels(), errors);
        if (EventTypes.BALANCE_THRESHOLD.equals(draft.type())) {
            thresholds(draft.thresholds(), errors);
        }
        if (EventTypes.BALANCE_THRESHOLD.equals(draft.type()) || EventTypes.ENTITLEMENT_RESET.equals(draft.type())) {
            features(draft.features(), errors);
        }
        return errors;
    }

    private static void channels(List<String> channels, List<ValidationError> errors) {
        if (channels == null || channels.isEmpty()) {
            errors.add(error("channels", "required", "must name at least one channel"));
        } else if (channels.size() > MAX_CHANNELS) {
            errors.add(error("channels", "too_many", "may name at most " + MAX_CHANNELS + " channels, not "
                    + channels.size()));
        } else if (channels.stream().anyMatch(c -> c == null || c.isBlank())) {
            errors.add(error("channels", "invalid", "must hold channel ids, not empty values"));
        } else if (new HashSet<>(channels).size() < channels.size()) {
            errors.add(error("channels", "duplicate", "names a channel more than once"));
        }
    }

    private static void thresholds(List<RuleDraft.ThresholdDraft> thresholds, List<ValidationError> errors) {
        if (thresholds == null || thresholds.isEmpty()) {
            errors.add(error("thresholds", "required", "must hold at least one threshold"));
            return;
        }
        if (thresholds.size() > MAX_THRESHOLDS) {
            errors.add(error("thresholds", "too_many", "may hold at most " + MAX_THRESHOLDS + " thresholds, not "
                    + thresholds.size()));
            return;
        }
        for (int i = 0; i < thresholds.size(); i++) {
            String field = "thresholds[" + i + "]";
            RuleDraft.ThresholdDraft t = thresholds.get(i);
            if (t == null || t.type() == null || !Thresholds.TYPES.contains(t.type())) {
                errors.add(error(field + ".type", "invalid", "must be one of " + Thresholds.TYPES.stream().sorted()
                        .toList()));
            } else if (t.value() == null) {
                errors.add(error(field + ".value", "required", "is required"));
            } else if (Thresholds.BALANCE_VALUE.equals(t.type()) ? t.value().signum() < 0 : t.value().signum() <= 0) {
                errors.add(error(field + ".value", "out_of_range", Thresholds.BALANCE_VALUE.equals(t.type())
                        ? "must be 0 or more for a balance threshold" : "must be more than 0 for a usage threshold"));
            }
        }
    }

    private static void features(List<String> features, List<ValidationError> errors) {
        if (features == null) {
            return;
        }
        Set<String> seen = new HashSet<>();
        for (String feature : features) {
            if (feature == null || feature.isBlank() || feature.length() > 64) {
                errors.add(error("features", "invalid", "must hold feature ids or keys of 1 to 64 characters"));
                return;
            }
            if (!seen.add(feature)) {
                errors.add(error("features", "duplicate", "names feature '" + feature + "' more than once"));
                return;
            }
        }
    }
}
