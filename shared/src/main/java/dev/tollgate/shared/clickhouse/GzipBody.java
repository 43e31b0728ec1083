package dev.tollgate.shared.clickhouse;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.SequenceInputStream;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

/**
 * An insert's gzip body, held in pooled 256 KB chunks. In one array, the body of an 8 MB archive batch grew by
 * doubling to 2 MB and was then copied once more; both outlived the young collections that ran during the insert and
 * were promoted: half of what the old generation took under sustained ingest (docs/performance.md, "promotions").
 */
final class GzipBody extends OutputStream {

    static final int CHUNK_BYTES = 256 * 1024;

    private final Pool pool;
    private final List<byte[]> chunks = new ArrayList<>();
    /** Bytes used in the last chunk. */
    private int used = CHUNK_BYTES;

    private GzipBody(Pool pool) {
        this.pool = pool;
    }

    /** One gzip member holding everything {@code body} writes, compressed at {@code level}. */
    static GzipBody of(ClickHouse.BodyWriter body, int level, Pool pool) throws IOException {
        GzipBody bytes = new GzipBody(pool);
        try (GZIPOutputStream gzip = new GZIPOutputStream(bytes, 64 * 1024) {
            {
                def.setLevel(Math.max(Deflater.NO_COMPRESSION, Math.min(Deflater.BEST_COMPRESSION, level)));
            }
        }) {
            body.write(gzip);
        }
        return bytes;
    }

    @Override
    public void write(int b) {
        if (used == CHUNK_BYTES) {
            chunks.add(pool.take());
            used = 0;
        }
        chunks.get(chunks.size() - 1)[used++] = (byte) b;
    }

    @Override
    public void write(byte[] b, int off, int len) {
        while (len > 0) {
            if (used == CHUNK_BYTES) {
                chunks.add(pool.take());
                used = 0;
            }
            int n = Math.min(len, CHUNK_BYTES - used);
            System.arraycopy(b, off, chunks.get(chunks.size() - 1), used, n);
            used += n;
            off += n;
            len -= n;
        }
    }

    long size() {
        return chunks.isEmpty() ? 0 : (long) (chunks.size() - 1) * CHUNK_BYTES + used;
    }

    /** The body, read from the chunks themselves. */
    InputStream read() {
        List<InputStream> parts = new ArrayList<>(chunks.size());
        for (int i = 0; i < chunks.size(); i++) {
            parts.add(new ByteArrayInputStream(chunks.get(i), 0, i == chunks.size() - 1 ? used : CHUNK_BYTES));
        }
        return new SequenceInputStream(Collections.enumeration(parts));
    }

    /**
     * Hands the chunks back once the insert succeeded. After a failure they are left to the collector: the HTTP client
     * may still be reading a body it gave up on.
     */
    void release() {
        chunks.forEach(pool::give);
        chunks.clear();
        used = CHUNK_BYTES;
    }

    /** Chunks of finished bodies, up to a bound; shared by every thread that inserts. */
    static final class Pool {
        private final int capacity;
        private final ArrayDeque<byte[]> free = new ArrayDeque<>();

        Pool(int capacity) {
            this.capacity = capacity;
        }

        synchronized byte[] take() {
            byte[] chunk = free.pollLast();
            return chunk != null ? chunk : new byte[CHUNK_BYTES];
        }

        synchronized void give(byte[] chunk) {
            if (free.size() < capacity) {
                free.addLast(chunk);
            }
        }

        synchronized int pooled() {
            return free.size();
        }
    }
}
