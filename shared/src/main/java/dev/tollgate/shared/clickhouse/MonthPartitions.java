package dev.tollgate.shared.clickhouse;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Whole months of a table partitioned by {@code toYYYYMM(...)}: how retention removes old data, since ClickHouse 18.16
 * has no TTL and no lightweight deletes. Dropping a partition is cheap (its parts are unlinked) and atomic.
 */
public final class MonthPartitions {

    private final ClickHouse clickHouse;

    public MonthPartitions(ClickHouse clickHouse) {
        this.clickHouse = clickHouse;
    }

    /** The months the table holds parts of, oldest first. */
    public Set<YearMonth> months(String table) {
        Set<YearMonth> months = new TreeSet<>();
        for (JsonNode row : clickHouse.query("SELECT DISTINCT partition FROM system.parts WHERE active AND database = "
                + Sql.string(clickHouse.database()) + " AND table = " + Sql.string(table))) {
            String partition = row.get("partition").asText();
            if (partition.matches("\\d{6}")) {
                months.add(YearMonth.of(Integer.parseInt(partition.substring(0, 4)),
                        Integer.parseInt(partition.substring(4))));
            }
        }
        return months;
    }

    /**
     * Drops the table's months before {@code keepFrom}, except those in {@code keep}.
     *
     * @return the months dropped
     */
    public List<YearMonth> dropBefore(String table, YearMonth keepFrom, Set<YearMonth> keep) {
        List<YearMonth> dropped = new ArrayList<>();
        for (YearMonth month : months(table)) {
            if (month.isBefore(keepFrom) && !keep.contains(month)) {
                clickHouse.execute("ALTER TABLE " + clickHouse.table(table) + " DROP PARTITION "
                        + (month.getYear() * 100 + month.getMonthValue()));
                dropped.add(month);
            }
        }
        return dropped;
    }
}
