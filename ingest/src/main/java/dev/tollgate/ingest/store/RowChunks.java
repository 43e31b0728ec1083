package dev.tollgate.ingest.store;

import dev.tollgate.shared.clickhouse.BoundedPool;
import java.util.Arrays;

/**
 * The large arrays that encoded rows wait in until their batch is written. A batch waits for seconds, so its arrays
 * outlive several young collections: allocated afresh, each would be copied by every one of them and then promoted,
 * filling the old generation with garbage at the ingest rate. Reused, they stay in the old generation and no
 * collection copies them again (docs/performance.md, "Seventh scale-out ingest runs").
 */
final class RowChunks {

    static final int CHUNK_BYTES = 256 * 1024;

    private RowChunks() {
    }

    /** Whole rows, each ended by a line break, and where each ends. */
    static final class Chunk {
        final byte[] bytes;
        int used;
        int[] rowEnds = new int[512];
        int rows;

        private Chunk(int size) {
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

    /** Chunks of released batches, up to a bound. */
    static final class Pool {
        private final BoundedPool<Chunk> chunks;

        /** @param capacity how many chunks to keep, {@link #CHUNK_BYTES} each */
        Pool(int capacity) {
            this.chunks = new BoundedPool<>(capacity, () -> new Chunk(CHUNK_BYTES));
        }

        /** An empty chunk that holds at least {@code length} bytes. */
        Chunk take(int length) {
            return length > CHUNK_BYTES ? new Chunk(length) : chunks.take(); // a larger one is used once
        }

        /** Takes back a chunk whose rows are no longer needed. */
        void give(Chunk chunk) {
            if (chunk.bytes.length == CHUNK_BYTES) {
                chunk.used = 0;
                chunk.rows = 0;
                chunks.give(chunk);
            }
        }

        int pooled() {
            return chunks.pooled();
        }
    }
}
