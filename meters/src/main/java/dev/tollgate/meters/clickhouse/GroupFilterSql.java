package dev.tollgate.meters.clickhouse;

import dev.tollgate.meters.domain.GroupFilter;
import dev.tollgate.shared.clickhouse.Sql;
import java.util.stream.Collectors;

/**
 * Writes a {@link GroupFilter} as a ClickHouse condition on a group value. Only functions ClickHouse 18.16 already
 * had: it has no {@code ILIKE}, so case-insensitive matching compares lower-cased text.
 */
final class GroupFilterSql {

    private GroupFilterSql() {
    }

    static String condition(String column, GroupFilter filter) {
        if (filter instanceof GroupFilter.Compare compare) {
            return compare(column, compare);
        }
        if (filter instanceof GroupFilter.AnyOf anyOf) {
            return column + (anyOf.negated() ? " NOT IN " : " IN ") + Sql.strings(anyOf.values());
        }
        if (filter instanceof GroupFilter.Exists exists) {
            return column + (exists.exists() ? " != ''" : " = ''");
        }
        GroupFilter.Combined combined = (GroupFilter.Combined) filter;
        return combined.filters().stream().map(f -> condition(column, f))
                .collect(Collectors.joining(combined.all() ? " AND " : " OR ", "(", ")"));
    }

    private static String compare(String column, GroupFilter.Compare compare) {
        String value = Sql.string(compare.value());
        return switch (compare.operator()) {
            case EQ -> column + " = " + value;
            case NE -> column + " != " + value;
            case LIKE -> "like(" + column + ", " + value + ")";
            case NLIKE -> "notLike(" + column + ", " + value + ")";
            case ILIKE -> "like(lowerUTF8(" + column + "), lowerUTF8(" + value + "))";
            case NILIKE -> "notLike(lowerUTF8(" + column + "), lowerUTF8(" + value + "))";
            case CONTAINS -> "positionCaseInsensitiveUTF8(" + column + ", " + value + ") > 0";
            case NCONTAINS -> "positionCaseInsensitiveUTF8(" + column + ", " + value + ") = 0";
            case GT -> column + " > " + value;
            case GTE -> column + " >= " + value;
            case LT -> column + " < " + value;
            case LTE -> column + " <= " + value;
        };
    }
}
