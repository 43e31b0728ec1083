package dev.tollgate.shared.clickhouse;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Writes rows in ClickHouse's TabSeparated format, escaping as ClickHouse reads it back. For large text columns it is
 * cheaper than JSONEachRow on both sides: nothing to escape but tabs, line breaks and backslashes, and ClickHouse
 * parses it faster.
 */
public final class TsvRowWriter {

    private final OutputStream out;
    private boolean rowStarted;

    TsvRowWriter(OutputStream out) {
        this.out = out;
    }

    public TsvRowWriter string(String value) throws IOException {
        return utf8(value.getBytes(StandardCharsets.UTF_8));
    }

    /** A string column given as UTF-8 bytes, written without decoding. */
    public TsvRowWriter utf8(byte[] value) throws IOException {
        separate();
        for (byte b : value) {
            switch (b) {
                case '\t' -> out.write(ESCAPED_TAB);
                case '\n' -> out.write(ESCAPED_NEWLINE);
                case '\r' -> out.write(ESCAPED_RETURN);
                case '\\' -> out.write(ESCAPED_BACKSLASH);
                case 0 -> out.write(ESCAPED_NUL);
                default -> out.write(b);
            }
        }
        return this;
    }

    public TsvRowWriter number(long value) throws IOException {
        separate();
        out.write(Long.toString(value).getBytes(StandardCharsets.US_ASCII));
        return this;
    }

    void flush() throws IOException {
        out.flush();
    }

    void endRow() throws IOException {
        out.write('\n');
        rowStarted = false;
    }

    private void separate() throws IOException {
        if (rowStarted) {
            out.write('\t');
        }
        rowStarted = true;
    }

    private static final byte[] ESCAPED_TAB = { '\\', 't' };
    private static final byte[] ESCAPED_NEWLINE = { '\\', 'n' };
    private static final byte[] ESCAPED_RETURN = { '\\', 'r' };
    private static final byte[] ESCAPED_BACKSLASH = { '\\', '\\' };
    private static final byte[] ESCAPED_NUL = { '\\', '0' };
}
