package dev.tollgate.app.stripe;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses form bodies and query strings the way Stripe (a Rack-style parser) reads them: {@code a[b][c]=v} nests
 * hashes, {@code a[0][b]=v} and {@code a[]=v} build arrays. The result is a tree of {@code LinkedHashMap<String,
 * Object>} whose leaves are Strings; an array is a map keyed "0", "1", ... (so sparse or unordered indexes survive
 * until the schema, which knows which names are arrays, turns it into a list in index order).
 */
final class StripeForm {

    private StripeForm() {
    }

    static Map<String, Object> parse(String encoded) {
        Map<String, Object> root = new LinkedHashMap<>();
        if (encoded == null || encoded.isEmpty()) {
            return root;
        }
        for (String pair : encoded.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String key = decode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            put(root, keyPath(key), value);
        }
        return root;
    }

    private static String decode(String s) {
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw StripeApiError.invalid("Invalid request: could not decode '" + s + "' (malformed percent-encoding).",
                    null);
        }
    }

    /**
     * "a[b][0]" → [a, b, 0]. A key that is not well formed ("a[b", "[x]", "a[b]c") stays one literal name: the schema
     * then rejects it as an unknown parameter, which is what Stripe's answer amounts to.
     */
    static List<String> keyPath(String key) {
        int open = key.indexOf('[');
        if (open <= 0) {
            return List.of(key);
        }
        List<String> path = new ArrayList<>();
        path.add(key.substring(0, open));
        int i = open;
        while (i < key.length()) {
            if (key.charAt(i) != '[') {
                return List.of(key);
            }
            int close = key.indexOf(']', i);
            if (close < 0) {
                return List.of(key);
            }
            path.add(key.substring(i + 1, close));
            i = close + 1;
        }
        return path;
    }

    /** The bracketed name of a parameter: [lines, 0, amount] → "lines[0][amount]". */
    static String name(List<String> path) {
        StringBuilder name = new StringBuilder(path.get(0));
        for (int i = 1; i < path.size(); i++) {
            name.append('[').append(path.get(i)).append(']');
        }
        return name.toString();
    }

    static String child(String parent, String key) {
        return parent.isEmpty() ? key : parent + "[" + key + "]";
    }

    @SuppressWarnings("unchecked")
    private static void put(Map<String, Object> root, List<String> path, String value) {
        Map<String, Object> node = root;
        List<String> seen = new ArrayList<>();
        for (int i = 0; i < path.size(); i++) {
            String segment = path.get(i);
            boolean last = i == path.size() - 1;
            if (segment.isEmpty() && i > 0) {
                segment = appendIndex(node, last ? null : path.get(i + 1));
            }
            seen.add(segment);
            Object existing = node.get(segment);
            if (last) {
                if (existing instanceof Map) {
                    throw StripeApiError.invalid("Invalid " + name(seen) + ": it is given both as a value and as a "
                            + "hash or array.", name(seen));
                }
                node.put(segment, value);
            } else {
                if (existing == null) {
                    existing = new LinkedHashMap<String, Object>();
                    node.put(segment, existing);
                } else if (!(existing instanceof Map)) {
                    throw StripeApiError.invalid("Invalid " + name(seen) + ": it is given both as a value and as a "
                            + "hash or array.", name(seen));
                }
                node = (Map<String, Object>) existing;
            }
        }
    }

    /**
     * "a[]" appends. "a[][x]=1&a[][y]=2" fills one element until a name repeats, as Rack does, so that a list of hashes
     * can be written without indexes.
     */
    @SuppressWarnings("unchecked")
    private static String appendIndex(Map<String, Object> array, String nextName) {
        int size = array.size();
        if (nextName != null && size > 0) {
            Object lastElement = array.get(String.valueOf(size - 1));
            if (lastElement instanceof Map && !((Map<String, Object>) lastElement).containsKey(nextName)) {
                return String.valueOf(size - 1);
            }
        }
        return String.valueOf(size);
    }

    /** Looks up "lines[0][amount]" in a parsed (or normalized) tree; null when absent. */
    static Object lookup(Map<String, Object> tree, String name) {
        Object node = tree;
        for (String segment : keyPath(name)) {
            if (node instanceof Map<?, ?> map) {
                node = map.get(segment);
            } else if (node instanceof List<?> list) {
                int index;
                try {
                    index = Integer.parseInt(segment);
                } catch (NumberFormatException e) {
                    return null;
                }
                node = index >= 0 && index < list.size() ? list.get(index) : null;
            } else {
                return null;
            }
        }
        return node;
    }

    /** A deep copy that cannot be modified, for the request log. */
    static Object freeze(Object node) {
        if (node instanceof Map<?, ?> map) {
            Map<String, Object> copy = new LinkedHashMap<>();
            map.forEach((k, v) -> copy.put((String) k, freeze(v)));
            return Collections.unmodifiableMap(copy);
        }
        if (node instanceof List<?> list) {
            List<Object> copy = new ArrayList<>();
            list.forEach(v -> copy.add(freeze(v)));
            return Collections.unmodifiableList(copy);
        }
        return node;
    }
}
