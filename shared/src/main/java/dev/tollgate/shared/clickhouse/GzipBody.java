package dev.tollgate.shared.clickhouse;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.SequenceInputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

/**
 * An insert's gzip body, held in pooled 256 KB chunks. In one array, the body of an 8 MB archive batch grew by
 * doubling to 2 MB and was then copied once more for the client; both lived through the insert's young collections
 * (docs/performance.md, "Seventh scale-out ingest runs").
 */
final class GzipBody extends OutputStream {

    static final int CHUNK_BYTES = 256 * 1024;

    private final BoundedPool<byte[]> pool;
    private final List<byte[]> chunks = new ArrayList<>();
    /** Bytes used in the last chunk. */
    private int used = CHUNK_BYTES;

    private GzipBody(BoundedPool<byte[]> pool) {
        this.pool = pool;
    }

    /** One gzip member holding everything {@code body} writes, compressed at {@code level}. */
    static GzipBody of(ClickHouse.BodyWriter body, int level, BoundedPool<byte[]> pool) throws IOException {
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

    /** A pool of chunks for bodies, keeping at most {@code capacity} of them. */
    static BoundedPool<byte[]> pool(int capacity) {
        return new BoundedPool<>(capacity, () -> new byte[CHUNK_BYTES]);
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
}
