package dev.tollgate.shared.csv;

import java.math.BigDecimal;
import java.util.List;

/**
 * RFC 4180 CSV for the API's {@code text/csv} answers: a header line, then one line per row, fields quoted only when
 * they hold a comma, quote or line break. Numbers are written in plain notation ({@code 0.0000021}, never
 * {@code 2.1E-6}) so that spreadsheets and ledgers read them exactly; null is an empty field.
 */
public final class Csv {

    public static final String MEDIA_TYPE = "text/csv";

    private final StringBuilder text = new StringBuilder();

    private Csv(List<String> header) {
        row(header.toArray());
    }

    public static Csv withHeader(List<String> header) {
        return new Csv(header);
    }

    /** Appends one line; values are rendered by {@link #field(Object)}. */
    public Csv row(Object... values) {
        for (int i = 0; i < values.length; i++) {
            if (i > 0) {
                text.append(',');
            }
            text.append(field(values[i]));
        }
        text.append('\n');
        return this;
    }

    /** Appends one line from a list of values. */
    public Csv row(List<?> values) {
        return row(values.toArray());
    }

    @Override
    public String toString() {
        return text.toString();
    }

    /** One field: plain notation for decimals, quoted when it must be. */
    public static String field(Object value) {
        if (value == null) {
            return "";
        }
        String text = value instanceof BigDecimal decimal ? decimal.toPlainString() : value.toString();
        boolean quote = text.indexOf(',') >= 0 || text.indexOf('"') >= 0 || text.indexOf('\n') >= 0
                || text.indexOf('\r') >= 0;
        return quote ? '"' + text.replace("\"", "\"\"") + '"' : text;
    }
}
