package dev.tollgate.shared.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.util.Random;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

class GzipBodyTest {

    private final BoundedPool<byte[]> pool = GzipBody.pool(2);

    @Test
    void aBodyOverManyChunksReadsBackAsOneGzipMemberOfWhatWasWritten() throws Exception {
        byte[] rows = new byte[3 * GzipBody.CHUNK_BYTES + 12_345];
        new Random(7).nextBytes(rows); // incompressible: the gzip body spans several chunks
        GzipBody body = GzipBody.of(out -> {
            out.write(rows, 0, 100);
            out.write(rows[100]);
            out.write(rows, 101, rows.length - 101);
        }, 1, pool);

        assertThat(body.size()).isGreaterThan(3L * GzipBody.CHUNK_BYTES);
        assertThat(gunzip(body.read())).isEqualTo(rows);
        assertThat(gunzip(body.read())).as("read twice, as a retried insert would").isEqualTo(rows);
    }

    @Test
    void releasedChunksAreReusedUpToThePoolsCapacityAndCarryNothingOver() throws Exception {
        byte[] large = new byte[3 * GzipBody.CHUNK_BYTES];
        new Random(1).nextBytes(large);
        GzipBody.of(out -> out.write(large), 0, pool).release();
        assertThat(pool.pooled()).isEqualTo(2); // four chunks used, two kept

        GzipBody small = GzipBody.of(out -> out.write("a\tb\n".getBytes()), 6, pool);

        assertThat(pool.pooled()).isEqualTo(1);
        assertThat(new String(gunzip(small.read()))).isEqualTo("a\tb\n");
    }

    @Test
    void anEmptyBodyIsStillAWholeGzipMember() throws Exception {
        GzipBody empty = GzipBody.of(out -> { }, 1, pool);

        assertThat(gunzip(empty.read())).isEmpty();
    }

    private static byte[] gunzip(InputStream in) throws Exception {
        try (GZIPInputStream gzip = new GZIPInputStream(in)) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            gzip.transferTo(out);
            return out.toByteArray();
        }
    }
}
