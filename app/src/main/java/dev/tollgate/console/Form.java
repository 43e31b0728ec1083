package dev.tollgate.console;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * A submitted form (application/x-www-form-urlencoded), read by the console itself: a field that does not decode
 * (a broken %-escape) counts as absent, so a mangled form gets an answer about the form, not a server error.
 */
final class Form {

    private static final int MAX_FIELDS = 32;

    private final Map<String, String> fields;

    private Form(Map<String, String> fields) {
        this.fields = fields;
    }

    static Form parse(String body) {
        Map<String, String> fields = new HashMap<>();
        if (body != null) {
            for (String pair : body.split("&", MAX_FIELDS + 1)) {
                int equals = pair.indexOf('=');
                if (equals <= 0 || fields.size() >= MAX_FIELDS) {
                    continue;
                }
                try {
                    fields.putIfAbsent(URLDecoder.decode(pair.substring(0, equals), StandardCharsets.UTF_8),
                            URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8));
                } catch (IllegalArgumentException malformed) {
                    // left out: the field reads as absent
                }
            }
        }
        return new Form(fields);
    }

    String get(String name) {
        return fields.get(name);
    }
}
