package dev.tollgate.app.stripe;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Typed reads of a validated parameter tree. The schema has already checked the types, so the parses here cannot fail;
 * the empty string is stripe-java's EmptyParam ("unset") and reads as absent, except through {@link #isUnset}.
 */
final class StripeParams {

    private final Map<String, Object> values;
    private final String prefix;

    StripeParams(Map<String, Object> values, String prefix) {
        this.values = values;
        this.prefix = prefix;
    }

    /** The full parameter name of one of these values, for error messages: "lines[3][amount]". */
    String name(String key) {
        return StripeForm.child(prefix, key);
    }

    Map<String, Object> raw() {
        return values;
    }

    boolean has(String key) {
        return values.containsKey(key) && !"".equals(values.get(key));
    }

    /** Given as "" — stripe-java's EmptyParam, which clears the field. */
    boolean isUnset(String key) {
        return "".equals(values.get(key));
    }

    String string(String key) {
        Object value = values.get(key);
        return value instanceof String s && !s.isEmpty() ? s : null;
    }

    String string(String key, String fallback) {
        String value = string(key);
        return value != null ? value : fallback;
    }

    Long integer(String key) {
        String value = string(key);
        return value == null ? null : Long.parseLong(value);
    }

    Boolean bool(String key) {
        String value = string(key);
        return value == null ? null : Boolean.parseBoolean(value);
    }

    BigDecimal decimal(String key) {
        String value = string(key);
        return value == null ? null : new BigDecimal(value);
    }

    String require(String key) {
        String value = string(key);
        if (value == null) {
            throw StripeApiError.missingParameter(name(key));
        }
        return value;
    }

    @SuppressWarnings("unchecked")
    StripeParams hash(String key) {
        Object value = values.get(key);
        return value instanceof Map ? new StripeParams((Map<String, Object>) value, name(key)) : null;
    }

    @SuppressWarnings("unchecked")
    List<StripeParams> hashes(String key) {
        List<StripeParams> out = new ArrayList<>();
        if (values.get(key) instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                if (list.get(i) instanceof Map) {
                    out.add(new StripeParams((Map<String, Object>) list.get(i), name(key) + "[" + i + "]"));
                }
            }
        }
        return out;
    }

    List<String> strings(String key) {
        List<String> out = new ArrayList<>();
        if (values.get(key) instanceof List<?> list) {
            list.forEach(v -> out.add(String.valueOf(v)));
        }
        return out;
    }

    /** A free-keyed hash (metadata): null when absent; an "" value inside means "remove this key". */
    Map<String, String> stringMap(String key) {
        if (!(values.get(key) instanceof Map<?, ?> map)) {
            return null;
        }
        Map<String, String> out = new LinkedHashMap<>();
        map.forEach((k, v) -> out.put((String) k, String.valueOf(v)));
        return out;
    }

    /**
     * Applies a metadata parameter the way Stripe does on update: "" clears everything, a key with "" is removed,
     * other keys are set and the rest are kept.
     */
    void applyMetadata(String key, Map<String, String> target) {
        if (isUnset(key)) {
            target.clear();
            return;
        }
        Map<String, String> given = stringMap(key);
        if (given == null) {
            return;
        }
        Map<String, String> next = new LinkedHashMap<>(target);
        given.forEach((k, v) -> {
            if (v.isEmpty()) {
                next.remove(k);
            } else {
                next.put(k, v);
            }
        });
        if (next.size() > StripeParamSchema.METADATA_MAX_KEYS) {
            throw StripeApiError.invalid("Invalid " + name(key) + ": metadata can have at most "
                    + StripeParamSchema.METADATA_MAX_KEYS + " keys, and this update would leave " + next.size()
                    + ".", name(key));
        }
        target.clear();
        target.putAll(next);
    }
}
