package dev.tollgate.shared.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class RequestEdgeGuardTest {

    @ParameterizedTest
    @ValueSource(strings = {"/api/v1/meters", "/api/v1/meters/api_requests/query?from=2026-01-01T00:00:00.5Z",
        "/api/v1/meters/m/query?filterGroupBy[model]=gpt-4o&subject=a&subject=b", "/a%20b?c=%7B%7D",
        "/api/v1/customers/~user@example.com", "/x?y=a+b&z=!$'()*,;:@/?"})
    void validUrisPass(String uri) {
        assertThat(RequestEdgeGuard.uriProblem(uri)).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "/api/v1/customers/a%00b | the path holds a NUL character (%00)",
        "/api/v1/meters?x=%00 | the query holds a NUL character (%00)",
        "/api/v1/meters/{ | the path holds '{', which a URI must %-encode",
        "/api/v1/meters/a%ZZ | the path has a '%' that starts no %-escape (two hex digits)",
        "/api/v1/meters/a% | the path has a '%' that starts no %-escape (two hex digits)",
        "/a[0] | the path holds '[', which a URI must %-encode",
        "/a?b={} | the query holds '{', which a URI must %-encode",
        "/a?b=é | the query holds 'é', which a URI must %-encode"})
    void invalidUrisAreNamed(String uri, String problem) {
        assertThat(RequestEdgeGuard.uriProblem(uri)).contains(problem);
    }

    @ParameterizedTest
    @ValueSource(strings = {"gzip", "GZIP", " x-gzip ", "identity", ""})
    void gzipAndIdentityAreDecoded(String encoding) {
        assertThat(RequestBodyDecoding.isSupported(encoding)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"br", "deflate", "zstd", "gzip, br"})
    void otherEncodingsAreRefused(String encoding) {
        assertThat(RequestBodyDecoding.isSupported(encoding)).isFalse();
    }
}
