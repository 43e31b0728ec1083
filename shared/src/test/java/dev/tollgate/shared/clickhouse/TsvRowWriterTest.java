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

    @Test
    void writesEveryLongAsJavaPrintsIt() throws Exception {
        java.util.Random random = new java.util.Random(20261206);
        java.util.List<Long> values = new java.util.ArrayList<>(java.util.List.of(0L, 1L, -1L, 9L, 10L, -10L,
                Long.MAX_VALUE, Long.MIN_VALUE, Long.MIN_VALUE + 1, 1_000_000_000_000_000_000L));
        for (int i = 0; i < 10_000; i++) {
            values.add(random.nextLong() >> random.nextInt(64));
        }
        ByteArrayOutputStream signed = new ByteArrayOutputStream();
        ByteArrayOutputStream unsigned = new ByteArrayOutputStream();
        TsvRowWriter signedRow = new TsvRowWriter(signed);
        TsvRowWriter unsignedRow = new TsvRowWriter(unsigned);
        for (long value : values) {
            signedRow.number(value);
            unsignedRow.unsigned(value);
        }

        assertThat(signed.toString(StandardCharsets.UTF_8).split("\t"))
                .containsExactlyElementsOf(values.stream().map(v -> Long.toString(v)).toList());
        assertThat(unsigned.toString(StandardCharsets.UTF_8).split("\t"))
                .containsExactlyElementsOf(values.stream().map(Long::toUnsignedString).toList());
    }
}
