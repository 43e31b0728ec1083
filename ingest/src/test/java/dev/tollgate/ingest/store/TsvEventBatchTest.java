package dev.tollgate.ingest.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tollgate.ingest.api.StoredEvent;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TsvEventBatchTest {

    private final RowChunks.Pool pool = new RowChunks.Pool(4);
    private final TsvEventBatch batch = batch();

    @Test
    void eachRowGetsTheLastColumnWhenWritten() throws Exception {
        batch.add(event("a", "{\"x\":1}"));
        batch.add(event("b", "line\nbreak\tand tab"));

        assertThat(batch.count()).isEqualTo(2);
        assertThat(written("1700000000")).isEqualTo(
                "a\t{\"x\":1}\t1700000000\n" + "b\tline\\nbreak\\tand tab\t1700000000\n");
    }

    @Test
    void rowsSpanningManyChunksAndOneLargerThanAChunkComeOutWholeAndInOrder() throws Exception {
        List<String> expected = new ArrayList<>();
        String large = "x".repeat(300 * 1024);
        for (int i = 0; i < 2_000; i++) {
            String text = i == 1_000 ? large : "{\"n\":" + i + ",\"pad\":\"" + "p".repeat(i % 500) + "\"}";
            batch.add(event("e" + i, text));
            expected.add("e" + i + "\t" + text + "\t7");
        }

        assertThat(written("7").split("\n")).containsExactlyElementsOf(expected);
        assertThat(batch.bytes()).isEqualTo(expected.stream().mapToLong(r -> r.length() - 1).sum());
    }

    @Test
    void anEmptyBatchWritesNothing() throws Exception {
        assertThat(written("1")).isEmpty();
        assertThat(batch.count()).isZero();
    }

    @Test
    void aReleasedBatchsChunksCarryNothingIntoTheNextBatch() throws Exception {
        for (int i = 0; i < 1_500; i++) {
            batch.add(event("old" + i, "{\"old\":\"" + "o".repeat(1000) + "\"}"));
        }
        batch.release();
        assertThat(batch.count()).isZero();
        assertThat(written("1")).isEmpty();
        assertThat(pool.pooled()).isEqualTo(4); // six chunks were used; the pool keeps four

        TsvEventBatch next = batch();
        next.add(event("new", "{}"));
        assertThat(pool.pooled()).isEqualTo(3);
        assertThat(written(next, "2")).isEqualTo("new\t{}\t2\n");
    }

    @Test
    void aChunkLargerThanTheUsualSizeIsNotPooled() {
        batch.add(event("huge", "x".repeat(RowChunks.CHUNK_BYTES + 1)));
        batch.release();
        assertThat(pool.pooled()).isZero();
    }

    /** Two columns, as the store's encoder writes its columns but the last. */
    private TsvEventBatch batch() {
        return new TsvEventBatch((e, row) -> row.string(e.id()).utf8(e.event()), pool);
    }

    private String written(String lastColumn) throws Exception {
        return written(batch, lastColumn);
    }

    private static String written(TsvEventBatch batch, String lastColumn) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        batch.writeTo(out, lastColumn.getBytes(StandardCharsets.US_ASCII));
        return out.toString(StandardCharsets.UTF_8);
    }

    private static StoredEvent event(String id, String text) {
        return new StoredEvent("ns", id, "src", "t", "s", Instant.EPOCH, Instant.EPOCH, null,
                text.getBytes(StandardCharsets.UTF_8), "", "events", 0, 1, false);
    }
}
