package dev.tollgate.ingest.store;

import dev.tollgate.ingest.api.EncodedEvents;
import dev.tollgate.ingest.api.StoredEvent;
import dev.tollgate.shared.clickhouse.TsvRowWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Raw events as TabSeparated rows, in chunks of whole rows, each row without its last column ({@code stored_at}),
 * which is added when the batch is written.
 */
final class TsvEventBatch implements EncodedEvents {

    /** Writes a record's columns, all but the last, in the order of {@link ClickHouseRawEventStore}'s insert. */
    @FunctionalInterface
    interface RowEncoder {
        void write(StoredEvent event, TsvRowWriter row) throws IOException;
    }

    /** A byte stream whose buffer can be read without a copy. */
    private static final class RowBuffer extends ByteArrayOutputStream {
        byte[] buffer() {
            return buf;
        }
    }

    private final RowEncoder encoder;
    private final RowChunks.Pool pool;
    private final RowBuffer row = new RowBuffer();
    private final TsvRowWriter writer = TsvRowWriter.to(row);
    private final List<RowChunks.Chunk> chunks = new ArrayList<>();
    private int count;
    private long bytes;

    TsvEventBatch(RowEncoder encoder, RowChunks.Pool pool) {
        this.encoder = encoder;
        this.pool = pool;
    }

    @Override
    public void add(StoredEvent event) {
        row.reset();
        try {
            encoder.write(event, writer);
            writer.endRow();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        int length = row.size();
        RowChunks.Chunk last = chunks.isEmpty() ? null : chunks.get(chunks.size() - 1);
        if (last == null || !last.fits(length)) {
            last = pool.take(length);
            chunks.add(last);
        }
        last.append(row.buffer(), length);
        count++;
        bytes += length;
    }

    @Override
    public int count() {
        return count;
    }

    @Override
    public long bytes() {
        return bytes;
    }

    @Override
    public void release() {
        chunks.forEach(pool::give);
        chunks.clear();
        count = 0;
        bytes = 0;
    }

    /** Writes every row with {@code lastColumn} (already a TabSeparated value) as its last column. */
    void writeTo(OutputStream out, byte[] lastColumn) throws IOException {
        for (RowChunks.Chunk chunk : chunks) {
            int start = 0;
            for (int i = 0; i < chunk.rows; i++) {
                int end = chunk.rowEnds[i];
                out.write(chunk.bytes, start, end - 1 - start); // the row without its line break
                out.write('\t');
                out.write(lastColumn);
                out.write('\n');
                start = end;
            }
        }
    }
}
