package dev.tollgate.app.contract;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tollgate.app.TestApi;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Malformed paths, parameters, bodies and headers against every operation of the OpenAPI document, sent byte for byte
 * over a raw socket. Whatever the input, the server answers, never with a 5xx, and every refusal is an RFC 9457
 * problem whose detail speaks JSON and HTTP, not Java. Input that cannot be valid must be refused (4xx). An endpoint
 * added later is fuzzed without touching this test.
 */
@QuarkusTest
class ApiFuzzTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String AUTH = "Bearer " + TestApi.ADMIN_KEY;

    /** Path segment values as they go on the wire: broken escapes, NUL, raw characters a URI must escape, sizes. */
    static final List<String> PATH_VALUES = List.of("%00", "{", "%7B%7D", "%ZZ", "a%20b", "\u00e9",
            "x".repeat(3000), "..%2F..%2Fetc%2Fpasswd", "'%20OR%201=1--", "%F0%9F%92%A9", "-1",
            "99999999999999999999", "%2E%2E", "a|b", "%E2%80%AE");

    /** Query parameter values as they go on the wire. */
    static final List<String> QUERY_VALUES = List.of("", "%00", "x".repeat(3000), "-1",
            "99999999999999999999", "1E%2B99999999999", "%2B999999999-12-31T23:59:59Z", "-999999999-01-01T00:00:00Z",
            "9999-12-31T23:59:59Z", "0000-01-01T00:00:00Z", "NaN", "true", "%5B%5D", "%7B%7D", "%ZZ",
            "%E2%80%AE", "2026-02-30T00:00:00Z", "P99999999Y");

    /** Bodies that no endpoint can take. */
    private static final List<String> INVALID_BODIES = List.of("{", "{\"a\":", "[1,", "\"unterminated",
            "{\"a\":1E+99999999999}", "{\"a\":-1e99999999999}", "[".repeat(5000) + "]".repeat(5000),
            "{\"a\":" + "{\"b\":".repeat(3000) + "1" + "}".repeat(3001), "{'single':'quotes'}", "{\"a\":1}garbage");

    /** Bodies that are JSON but probably of the wrong shape: answered with 2xx or 4xx, never 5xx. */
    private static final List<String> ODD_BODIES = List.of("", "null", "[]", "123", "\"text\"", "true", "{}",
            "{\"x\":\"\\u0000\"}", "{\"a\":\"" + "y".repeat(200_000) + "\"}", "[{}, null, 1]");

    /** Values put, one at a time, in each property of an operation's request schema. */
    private static final List<String> PROPERTY_VALUES = List.of("12345", "-1", "1.5e308", "1E+400", "\"str\"",
            "\"\"", "\"\\u0000\"", "[]", "[1,2]", "{}", "{\"k\":{}}", "true", "null", "\"" + "z".repeat(5000) + "\"",
            "\"9999-12-31T23:59:59Z\"", "\"+999999999-12-31T23:59:59Z\"", "99999999999999999999999");

    @TestHTTPResource(value = "/openapi?format=json", management = true)
    URL openApi;

    @TestHTTPResource("/")
    URL app;

    private RawHttp http;
    private final List<String> failures = new ArrayList<>();

    @BeforeEach
    void connect() {
        http = new RawHttp(app.getHost(), app.getPort());
    }

    @Test
    void malformedPathsAndParametersGetProblemsNeverErrors() throws Exception {
        for (ApiDocument.Operation operation : ApiDocument.operations(openApi)) {
            if (!operation.pathParameters().isEmpty()) {
                for (String value : PATH_VALUES) {
                    check(operation, "path " + abbreviate(value), send(operation.method(), operation.pathWith(value),
                            jsonHeaders(), operation.hasBody() ? "{}" : null), false);
                }
            }
            for (String parameter : operation.queryParameters()) {
                for (String value : QUERY_VALUES) {
                    String target = operation.pathWith("fuzz-none") + "?" + parameter + "=" + value;
                    check(operation, parameter + "=" + abbreviate(value), send(operation.method(), target,
                            jsonHeaders(), operation.hasBody() ? "{}" : null), false);
                }
                String twice = operation.pathWith("fuzz-none") + "?" + parameter + "=a&" + parameter + "=b";
                check(operation, parameter + " twice", send(operation.method(), twice, jsonHeaders(),
                        operation.hasBody() ? "{}" : null), false);
            }
        }
        assertThat(failures).isEmpty();
    }

    @Test
    void malformedBodiesGetProblemsNeverErrors() throws Exception {
        for (ApiDocument.Operation operation : ApiDocument.operations(openApi)) {
            if (!operation.hasBody()) {
                continue;
            }
            String target = operation.pathWith("fuzz-none");
            for (String body : INVALID_BODIES) {
                check(operation, "body " + abbreviate(body), send(operation.method(), target, jsonHeaders(), body),
                        true);
            }
            for (String body : ODD_BODIES) {
                check(operation, "body " + abbreviate(body), send(operation.method(), target, jsonHeaders(), body),
                        false);
            }
            byte[] notUtf8 = {'{', '"', 'a', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'};
            check(operation, "invalid UTF-8", http.send(operation.method(), target, jsonHeaders(), notUtf8), false);
            for (String property : properties(operation.requestSchema())) {
                for (String value : PROPERTY_VALUES) {
                    String body = "{\"" + property + "\":" + value + "}";
                    check(operation, property + "=" + abbreviate(value), send(operation.method(), target,
                            jsonHeaders(), body), false);
                }
            }
        }
        assertThat(failures).isEmpty();
    }

    @Test
    void malformedHeadersGetProblemsNeverErrors() throws Exception {
        for (ApiDocument.Operation operation : ApiDocument.operations(openApi)) {
            if (!operation.hasBody()) {
                continue;
            }
            String target = operation.pathWith("fuzz-none");
            Map<String, String> noType = new LinkedHashMap<>(Map.of("Authorization", AUTH));
            check(operation, "no Content-Type", send(operation.method(), target, noType, "{}"), false);
            check(operation, "text/plain", send(operation.method(), target, headers("Content-Type", "text/plain"),
                    "{}"), false);
            check(operation, "bad media type", send(operation.method(), target,
                    headers("Content-Type", "not a/media;type=="), "{}"), false);
            check(operation, "br", send(operation.method(), target, jsonHeaders("Content-Encoding", "br"), "{}"),
                    true);
            check(operation, "gzip that is not", send(operation.method(), target,
                    jsonHeaders("Content-Encoding", "gzip"), "not gzip at all"), true);
            check(operation, "gzip bomb", http.send(operation.method(), target,
                    jsonHeaders("Content-Encoding", "gzip"), gzippedZeros(40_000_000)), true);
            check(operation, "Accept: application/xml", send(operation.method(), target,
                    jsonHeaders("Accept", "application/xml"), "{}"), false);
        }
        ApiDocument.Operation any = ApiDocument.operations(openApi).get(0);
        for (String authorization : List.of("Bearer", "Bearer ", "Basic dXNlcjpwYXNz", "bearer x",
                "Bearer " + "k".repeat(5000), "Bearer tg_\u00e9")) {
            RawHttp.Answer answer = http.send(any.method(), any.pathWith("fuzz-none"),
                    Map.of("Authorization", authorization), any.hasBody() ? "{}".getBytes(StandardCharsets.UTF_8)
                            : null);
            check(any, "Authorization " + abbreviate(authorization), answer, true);
        }
        assertThat(failures).isEmpty();
    }

    private RawHttp.Answer send(String method, String target, Map<String, String> headers, String body)
            throws IOException {
        return http.send(method, target, headers, body == null ? null : body.getBytes(StandardCharsets.UTF_8));
    }

    /** An answer, under 500, and a refusal is a problem that names no Java type; {@code refused}: must be 4xx. */
    private void check(ApiDocument.Operation operation, String input, RawHttp.Answer answer, boolean refused) {
        String at = operation + " [" + input + "]: ";
        if (answer.status() < 0) {
            failures.add(at + answer.body());
            return;
        }
        if (answer.status() >= 500) {
            failures.add(at + answer.status() + " " + abbreviate(answer.body()));
            return;
        }
        if (refused && answer.status() < 400) {
            failures.add(at + "accepted with " + answer.status());
        }
        if (answer.status() >= 400) {
            if (!answer.isProblem()) {
                failures.add(at + answer.status() + " is not problem+json: " + answer.header("content-type"));
                return;
            }
            try {
                JsonNode problem = JSON.readTree(answer.body());
                String detail = problem.path("detail").asText("");
                if (problem.path("status").asInt() != answer.status() || detail.isBlank()) {
                    failures.add(at + "problem without matching status or detail: " + abbreviate(answer.body()));
                } else if (detail.matches("(?s).*(java\\.|javax\\.|com\\.fasterxml|org\\.hibernate|Exception|"
                        + "\\bat [a-z]+\\.[a-z]+\\.).*")) {
                    failures.add(at + "detail names Java internals: " + abbreviate(detail));
                }
            } catch (IOException e) {
                failures.add(at + "problem body is not JSON: " + abbreviate(answer.body()));
            }
        }
    }

    private static List<String> properties(JsonNode schema) {
        List<String> names = new ArrayList<>();
        if (schema != null) {
            schema.path("properties").fieldNames().forEachRemaining(names::add);
        }
        return names;
    }

    private static Map<String, String> jsonHeaders(String... more) {
        Map<String, String> headers = headers("Content-Type", "application/json");
        for (int i = 0; i < more.length; i += 2) {
            headers.put(more[i], more[i + 1]);
        }
        return headers;
    }

    private static Map<String, String> headers(String name, String value) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Authorization", AUTH);
        headers.put(name, value);
        return headers;
    }

    private static byte[] gzippedZeros(int size) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(bytes)) {
            byte[] zeros = new byte[65536];
            for (int written = 0; written < size; written += zeros.length) {
                gzip.write(zeros);
            }
        }
        return bytes.toByteArray();
    }

    private static String abbreviate(String value) {
        String printable = value.replaceAll("[^\\x20-\\x7e]", "?");
        return printable.length() <= 60 ? printable : printable.substring(0, 57) + "...";
    }
}
