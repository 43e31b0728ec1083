package dev.tollgate.shared.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tollgate.shared.problem.ApiException;
import io.quarkus.runtime.configuration.MemorySize;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MultivaluedHashMap;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.ext.ReaderInterceptorContext;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.lang.reflect.Proxy;
import java.math.BigInteger;
import java.util.Collections;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

class RequestBodyDecodingTest {

    private static final int LIMIT = 100;
    private final RequestBodyDecoding decoding = new RequestBodyDecoding(new HttpEdgeLimits(config(LIMIT)));

    @Test
    void aBufferedPlainBodyWithinTheLimitIsReadAsTheServerBufferedIt() throws Exception {
        ByteArrayInputStream buffered = new ByteArrayInputStream(new byte[LIMIT]);
        FakeContext context = new FakeContext(buffered, null);

        assertThat((byte[]) decoding.aroundReadFrom(context.proxy())).hasSize(LIMIT);
        assertThat(context.readFrom).isSameAs(buffered);
    }

    @Test
    void aBufferedPlainBodyOverTheLimitIsRefused() {
        FakeContext context = new FakeContext(new ByteArrayInputStream(new byte[LIMIT + 1]), null);

        assertThatThrownBy(() -> decoding.aroundReadFrom(context.proxy())).isInstanceOfSatisfying(ApiException.class,
                e -> assertThat(e.status()).isEqualTo(413))
                .hasMessage("the request body is over 100 bytes (tollgate.http.max-decompressed-body-size)");
    }

    @Test
    void aStreamedPlainBodyIsCountedAsItIsRead() throws Exception {
        InputStream within = new SequenceInputStream(Collections.enumeration(List.of(
                new ByteArrayInputStream(new byte[LIMIT / 2]), new ByteArrayInputStream(new byte[LIMIT / 2]))));
        assertThat((byte[]) decoding.aroundReadFrom(new FakeContext(within, null).proxy())).hasSize(LIMIT);

        InputStream over = new SequenceInputStream(Collections.enumeration(List.of(
                new ByteArrayInputStream(new byte[LIMIT]), new ByteArrayInputStream(new byte[1]))));
        assertThatThrownBy(() -> decoding.aroundReadFrom(new FakeContext(over, null).proxy()))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(413));
    }

    @Test
    void gzipIsInflatedAndBoundedByWhatItInflatesTo() throws Exception {
        byte[] within = (byte[]) decoding.aroundReadFrom(
                new FakeContext(new ByteArrayInputStream(gzip(new byte[LIMIT])), "gzip").proxy());
        assertThat(within).hasSize(LIMIT);

        // A few dozen bytes as sent, over the limit once inflated.
        FakeContext bomb = new FakeContext(new ByteArrayInputStream(gzip(new byte[LIMIT * 50])), "gzip");
        assertThatThrownBy(() -> decoding.aroundReadFrom(bomb.proxy())).isInstanceOfSatisfying(ApiException.class,
                e -> assertThat(e.status()).isEqualTo(413)).hasMessageContaining("over 100 bytes once decompressed");
    }

    @Test
    void aBodyMarkedGzipThatIsNotIsABadRequest() {
        FakeContext context = new FakeContext(new ByteArrayInputStream(new byte[] {'{', '}'}), "gzip");

        assertThatThrownBy(() -> decoding.aroundReadFrom(context.proxy())).isInstanceOfSatisfying(ApiException.class,
                e -> assertThat(e.status()).isEqualTo(400));
    }

    private static byte[] gzip(byte[] bytes) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
            gzip.write(bytes);
        }
        return out.toByteArray();
    }

    private static HttpEdgeConfig config(long maxDecompressed) {
        return new HttpEdgeConfig() {
            @Override
            public int maxUriLength() {
                return 8192;
            }

            @Override
            public MemorySize maxDecompressedBodySize() {
                return new MemorySize(BigInteger.valueOf(maxDecompressed));
            }
        };
    }

    /** The parts of a reader interceptor's context the decoding uses; proceed() reads the body whole, as readers do. */
    private static final class FakeContext {
        private final MultivaluedMap<String, String> headers = new MultivaluedHashMap<>();
        private InputStream body;
        private InputStream readFrom;

        FakeContext(InputStream body, String contentEncoding) {
            this.body = body;
            if (contentEncoding != null) {
                headers.putSingle(HttpHeaders.CONTENT_ENCODING, contentEncoding);
            }
        }

        ReaderInterceptorContext proxy() {
            return (ReaderInterceptorContext) Proxy.newProxyInstance(getClass().getClassLoader(),
                    new Class<?>[] {ReaderInterceptorContext.class}, (self, method, args) -> switch (method.getName()) {
                        case "getHeaders" -> headers;
                        case "getInputStream" -> body;
                        case "setInputStream" -> {
                            body = (InputStream) args[0];
                            yield null;
                        }
                        case "proceed" -> {
                            readFrom = body;
                            yield body.readAllBytes();
                        }
                        default -> throw new UnsupportedOperationException(method.getName());
                    });
        }
    }
}
