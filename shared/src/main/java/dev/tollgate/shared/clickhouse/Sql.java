package dev.tollgate.shared.clickhouse;

import java.util.Collection;
import java.util.stream.Collectors;

/**
 * Literal quoting for ClickHouse SQL. ClickHouse 18.16 has no query parameters, so every value that reaches SQL goes
 * through here.
 */
public final class Sql {

    private Sql() {
    }

    public static String string(String value) {
        StringBuilder out = new StringBuilder(value.length() + 2).append('\'');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '\'' -> out.append("\\'");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\0' -> out.append("\\0");
                default -> out.append(c);
            }
        }
        return out.append('\'').toString();
    }

    public static String strings(Collection<String> values) {
        return values.stream().map(Sql::string).collect(Collectors.joining(", ", "(", ")"));
    }

    public static String identifier(String name) {
        if (!name.matches("[A-Za-z_][A-Za-z0-9_]*")) {
            throw new IllegalArgumentException("not a plain identifier: " + name);
        }
        return "`" + name + "`";
    }
}
