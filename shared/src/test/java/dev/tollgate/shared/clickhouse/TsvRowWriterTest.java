package dev.tollgate.shared.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class TsvRowWriterTest {

    @Test
    void separatesColumnsWithTabsAndRowsWithNewlines() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        TsvRowWriter row = new TsvRowWriter(out);
        row.string("a").number(-42).string("");
        row.endRow();
        row.string("b");
        row.endRow();

        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("a\t-42\t\nb\n");
    }

    @Test
    void escapesWhatClickHouseWouldReadAsStructure() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new TsvRowWriter(out).string("tab\there\nline\rcr\\slash\0nul");

        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("tab\\there\\nline\\rcr\\\\slash\\0nul");
    }

    @Test
    void passesMultiByteUtf8AndJsonQuotesThrough() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new TsvRowWriter(out).utf8("{\"name\":\"Zoë ✓ 名前\"}".getBytes(StandardCharsets.UTF_8));

        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("{\"name\":\"Zoë ✓ 名前\"}");
    }

    @Test
    void escapesAtTheEdgesAndSideBySide() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new TsvRowWriter(out).utf8("\t\n{\"a\":\"x\\\\y\"}\r\\".getBytes(StandardCharsets.UTF_8)).string("\t");

        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("\\t\\n{\"a\":\"x\\\\\\\\y\"}\\r\\\\\t\\t");
    }

    @Test
    void writesUInt64ColumnsFromAllSixtyFourBits() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new TsvRowWriter(out).unsigned(-1L).unsigned(Long.MIN_VALUE).unsigned(7);

        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("18446744073709551615\t9223372036854775808\t7");
    }
}
