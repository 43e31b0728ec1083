package dev.tollgate.ingest.store;

import dev.tollgate.ingest.api.EncodedEvents;
import dev.tollgate.ingest.api.StoredEvent;
import dev.tollgate.shared.clickhouse.TsvRowWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Raw events as TabSeparated rows, in chunks of whole rows, each row without its last column ({@code stored_at}),
 * which is added when the batch is written.
 */
final class TsvEventBatch implements EncodedEvents {

    private static final int CHUNK_BYTES = 256 * 1024;

    /** Writes a record's columns, all but the last, in the order of {@link ClickHouseRawEventStore}'s insert. */
    @FunctionalInterface
    interface RowEncoder {
        void write(StoredEvent event, TsvRowWriter row) throws IOException;
    }

    /** Whole rows, each ended by a line break, and where each ends. */
    private static final class Chunk {
        final byte[] bytes;
        int used;
        int[] rowEnds = new int[256];
        int rows;

        Chunk(int size) {
            bytes = new byte[size];
        }

        boolean fits(int length) {
            return bytes.length - used >= length;
        }

        void append(byte[] row, int length) {
            System.arraycopy(row, 0, bytes, used, length);
            used += length;
            if (rows == rowEnds.length) {
                rowEnds = Arrays.copyOf(rowEnds, rows * 2);
            }
            rowEnds[rows++] = used;
        }
    }

    /** A byte stream whose buffer can be read without a copy. */
    private static final class RowBuffer extends ByteArrayOutputStream {
        byte[] buffer() {
            return buf;
        }
    }

    private final RowEncoder encoder;
    private final RowBuffer row = new RowBuffer();
    private final TsvRowWriter writer = TsvRowWriter.to(row);
    private final List<Chunk> chunks = new ArrayList<>();
    private int count;
    private long bytes;

    TsvEventBatch(RowEncoder encoder) {
        this.encoder = encoder;
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
        Chunk last = chunks.isEmpty() ? null : chunks.get(chunks.size() - 1);
        if (last == null || !last.fits(length)) {
            last = new Chunk(Math.max(CHUNK_BYTES, length));
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

    /** Writes every row with {@code lastColumn} (already a TabSeparated value) as its last column. */
    void writeTo(OutputStream out, byte[] lastColumn) throws IOException {
        for (Chunk chunk : chunks) {
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
