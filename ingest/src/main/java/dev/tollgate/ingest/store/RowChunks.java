package dev.tollgate.ingest.store;

import java.util.ArrayDeque;
import java.util.Arrays;

/**
 * The large arrays that encoded rows wait in until their batch is written. A batch waits for seconds, so its arrays
 * outlive several young collections: allocated afresh, each would be copied by every one of them and then promoted,
 * filling the old generation with garbage at the ingest rate (docs/performance.md, "chunk pool"). Reused, they stay in
 * the old generation and no collection copies them again.
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

    /**
     * Chunks of released batches, up to a bound (what the batches in flight use beyond it is left to the collector).
     * Shared by the thread that encodes a batch and the one that writes the previous one.
     */
    static final class Pool {
        private final int capacity;
        private final ArrayDeque<Chunk> free = new ArrayDeque<>();

        /** @param capacity how many chunks to keep, {@link #CHUNK_BYTES} each */
        Pool(int capacity) {
            this.capacity = capacity;
        }

        /** An empty chunk that holds at least {@code length} bytes. */
        synchronized Chunk take(int length) {
            if (length > CHUNK_BYTES) {
                return new Chunk(length); // a row larger than a chunk: used once, never pooled
            }
            Chunk chunk = free.pollLast();
            return chunk != null ? chunk : new Chunk(CHUNK_BYTES);
        }

        /** Takes back a chunk whose rows are no longer needed. */
        synchronized void give(Chunk chunk) {
            if (chunk.bytes.length == CHUNK_BYTES && free.size() < capacity) {
                chunk.used = 0;
                chunk.rows = 0;
                free.addLast(chunk);
            }
        }

        synchronized int pooled() {
            return free.size();
        }
    }
}
