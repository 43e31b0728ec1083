package dev.tollgate.app.stripe;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The part of Stripe's search query language the fake understands: clauses {@code field:'value'},
 * {@code metadata['key']:'value'}, {@code -field:'value'} (negation), {@code field~'sub'} (substring, 3 characters at
 * least), {@code created>123} / {@code total<=500} (numbers), {@code field:null}; joined by spaces or AND, or by OR,
 * but not both, at most 10 clauses — as Stripe does. Fields other than a resource's searchable ones are refused with
 * Stripe's "unsupported search field" message.
 */
final class StripeSearchQuery {

    private static final int MAX_CLAUSES = 10;

    private final String query;
    private final String resource;
    private int pos;

    private StripeSearchQuery(String query, String resource) {
        this.query = query;
        this.resource = resource;
    }

    /**
     * @param fields searchable fields of the resource other than metadata: a value is a String, a Long or null
     */
    static <T> Predicate<T> parse(String query, String resource, Map<String, Function<T, Object>> fields,
            Function<T, Map<String, String>> metadata) {
        return new StripeSearchQuery(query, resource).parseQuery(fields, metadata);
    }

    private <T> Predicate<T> parseQuery(Map<String, Function<T, Object>> fields,
            Function<T, Map<String, String>> metadata) {
        List<Predicate<T>> clauses = new ArrayList<>();
        Boolean or = null;
        skipSpaces();
        while (pos < query.length()) {
            if (!clauses.isEmpty()) {
                String joiner = peekWord();
                if (joiner.equals("AND") || joiner.equals("OR")) {
                    boolean isOr = joiner.equals("OR");
                    if (or != null && or != isOr) {
                        throw error("a query can't combine AND and OR.");
                    }
                    or = isOr;
                    pos += joiner.length();
                    skipSpaces();
                } else if (Boolean.TRUE.equals(or)) {
                    throw error("a query can't combine AND and OR.");
                } else {
                    or = false;
                }
            }
            clauses.add(parseClause(fields, metadata));
            if (clauses.size() > MAX_CLAUSES) {
                throw error("a query can have at most " + MAX_CLAUSES + " clauses.");
            }
            skipSpaces();
        }
        if (clauses.isEmpty()) {
            throw error("the query is empty.");
        }
        boolean any = Boolean.TRUE.equals(or);
        return item -> any ? clauses.stream().anyMatch(c -> c.test(item))
                : clauses.stream().allMatch(c -> c.test(item));
    }

    private <T> Predicate<T> parseClause(Map<String, Function<T, Object>> fields,
            Function<T, Map<String, String>> metadata) {
        boolean negated = false;
        if (peek() == '-') {
            negated = true;
            pos++;
        }
        String field = word();
        Function<T, Object> getter;
        if (field.equals("metadata")) {
            expect('[');
            String key = quoted();
            expect(']');
            getter = item -> metadata.apply(item).get(key);
        } else {
            getter = fields.get(field);
            if (getter == null) {
                throw StripeApiError.invalid("Field `" + field + "` is an unsupported search field for resource `"
                        + resource + "`. See http://stripe.com/docs/search#query-fields-for-" + resource
                        + " for a list of supported fields.", "query");
            }
        }
        String op = operator();
        Predicate<T> clause = condition(getter, op);
        return negated ? clause.negate() : clause;
    }

    private <T> Predicate<T> condition(Function<T, Object> getter, String op) {
        char next = peek();
        if (next == '\'' || next == '"') {
            String value = quoted();
            switch (op) {
                case ":":
                    return item -> {
                        Object actual = getter.apply(item);
                        return actual != null && String.valueOf(actual).equals(value);
                    };
                case "~":
                    if (value.length() < 3) {
                        throw error("a substring match (~) needs at least 3 characters.");
                    }
                    return item -> {
                        Object actual = getter.apply(item);
                        return actual != null && String.valueOf(actual).contains(value);
                    };
                default:
                    throw error("the operator " + op + " needs a number.");
            }
        }
        String bare = word();
        if (bare.equals("null") && op.equals(":")) {
            return item -> getter.apply(item) == null;
        }
        long number;
        try {
            number = Long.parseLong(bare);
        } catch (NumberFormatException e) {
            throw error("values must be quoted, e.g. status:'open'.");
        }
        return item -> {
            Object actual = getter.apply(item);
            if (!(actual instanceof Long value)) {
                return false;
            }
            switch (op) {
                case ":":
                    return value == number;
                case ">":
                    return value > number;
                case ">=":
                    return value >= number;
                case "<":
                    return value < number;
                case "<=":
                    return value <= number;
                default:
                    return false;
            }
        };
    }

    private String operator() {
        for (String op : new String[] {">=", "<=", ":", "~", ">", "<"}) {
            if (query.startsWith(op, pos)) {
                pos += op.length();
                return op;
            }
        }
        throw error("expected one of : ~ > < >= <= after a field name.");
    }

    private String quoted() {
        char quote = peek();
        if (quote != '\'' && quote != '"') {
            throw error("expected a quoted string.");
        }
        pos++;
        StringBuilder out = new StringBuilder();
        while (pos < query.length() && query.charAt(pos) != quote) {
            char c = query.charAt(pos++);
            if (c == '\\' && pos < query.length()) {
                c = query.charAt(pos++);
            }
            out.append(c);
        }
        if (pos >= query.length()) {
            throw error("a quoted string is not closed.");
        }
        pos++;
        return out.toString();
    }

    private String word() {
        int start = pos;
        while (pos < query.length()
                && (Character.isLetterOrDigit(query.charAt(pos)) || "_.-".indexOf(query.charAt(pos)) >= 0)) {
            pos++;
        }
        if (start == pos) {
            throw error("expected a field name or value at position " + pos + ".");
        }
        return query.substring(start, pos);
    }

    private String peekWord() {
        int end = pos;
        while (end < query.length() && Character.isLetter(query.charAt(end))) {
            end++;
        }
        boolean delimited = end >= query.length() || Character.isWhitespace(query.charAt(end));
        return delimited ? query.substring(pos, end) : "";
    }

    private void expect(char c) {
        if (peek() != c) {
            throw error("expected '" + c + "' at position " + pos + ".");
        }
        pos++;
    }

    private char peek() {
        return pos < query.length() ? query.charAt(pos) : '\0';
    }

    private void skipSpaces() {
        while (pos < query.length() && Character.isWhitespace(query.charAt(pos))) {
            pos++;
        }
    }

    private StripeApiError error(String detail) {
        return StripeApiError.invalid("We were unable to parse your search query: " + detail + " Try using the "
                + "format `metadata[\"key\"]:\"value\"` to query for metadata or key:\"value\" to query for other "
                + "fields.", "query");
    }
}
