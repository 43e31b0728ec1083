package dev.tollgate.meters.rest;

import static dev.tollgate.shared.csv.Csv.field;

import java.util.List;

/**
 * OpenMeter's CSV rendering of a meter query: {@code window_start,window_end,subject,<group keys...>,value}, one line
 * per row, RFC 4180 quoting. A query by customer has a {@code customer_id} column after {@code subject}.
 */
final class UsageCsv {

    private UsageCsv() {
    }

    static String render(MeterQueryResult result, List<String> groupKeys, boolean byCustomer) {
        StringBuilder csv = new StringBuilder("window_start,window_end,subject");
        if (byCustomer) {
            csv.append(",customer_id");
        }
        groupKeys.forEach(k -> csv.append(',').append(field(k)));
        csv.append(",value\n");
        for (MeterQueryResult.Row row : result.data()) {
            csv.append(row.windowStart()).append(',').append(row.windowEnd()).append(',')
                    .append(field(row.subject()));
            if (byCustomer) {
                csv.append(',').append(field(row.customerId()));
            }
            groupKeys.forEach(k -> csv.append(',').append(field(row.groupBy().get(k))));
            csv.append(',').append(row.value().toPlainString()).append('\n');
        }
        return csv.toString();
    }
}
