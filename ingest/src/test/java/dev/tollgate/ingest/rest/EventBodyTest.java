package dev.tollgate.ingest.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tollgate.ingest.domain.ReceivedEvent;
import dev.tollgate.shared.problem.ApiException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class EventBodyTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final EventBody.Reader BODIES = new EventBody.Reader(JSON);

    @Test
    void eachEventOfAnArrayCarriesExactlyItsOwnBytes() throws Exception {
        String first = "{\"id\":\"a\",\"data\":{\"text\":\"} ] { [\",\"n\":[1,{\"x\":\"}\"}]}}";
        String second = "{ \"id\" : \"é \\u00e9 \\\"q\\\"\" }";
        String body = " [\n  " + first + " ,\r\n\t" + second + "  ]  ";

        EventBody parsed = BODIES.read(utf8(body));

        assertThat(parsed.array()).isTrue();
        assertThat(sent(parsed)).containsExactly(first, second);
        assertThat(parsed.events().get(0).json()).isEqualTo(JSON.readTree(first));
        assertThat(parsed.events().get(1).json().get("id").asText()).isEqualTo("é é \"q\"");
    }

    @Test
    void aSingleEventIsTheBodyItselfOrTheObjectWithinIt() throws Exception {
        byte[] exact = utf8("{\"id\":\"a\"}");
        assertThat(BODIES.read(exact).events().get(0).sent()).isSameAs(exact);

        EventBody padded = BODIES.read(utf8("\n {\"id\":\"a\"} \n"));
        assertThat(padded.array()).isFalse();
        assertThat(sent(padded)).containsExactly("{\"id\":\"a\"}");
    }

    @Test
    void valuesThatAreNotObjectsAreParsedButCarryNoBytes() throws Exception {
        EventBody parsed = BODIES.read(utf8("[1, \"x\", null, [], {}]"));

        assertThat(parsed.events()).extracting(e -> e.json().getNodeType().name())
                .containsExactly("NUMBER", "STRING", "NULL", "ARRAY", "OBJECT");
        assertThat(parsed.events()).extracting(ReceivedEvent::sent).containsExactly(null, null, null, null,
                utf8("{}"));
    }

    @Test
    void bodiesWithAByteOrderMarkOrInUtf16AreParsedAndTheirEventsWrittenAgain() throws Exception {
        byte[] bom = { (byte) 0xef, (byte) 0xbb, (byte) 0xbf };
        byte[] withBom = concat(bom, utf8("[{\"id\":\"a\"},{\"id\":\"b\"}]"));
        byte[] utf16 = "[{\"id\":\"a\"}]".getBytes(StandardCharsets.UTF_16BE);

        for (byte[] body : List.of(withBom, utf16)) {
            EventBody parsed = BODIES.read(body);
            assertThat(parsed.events().get(0).json().get("id").asText()).isEqualTo("a");
            assertThat(parsed.events()).allSatisfy(e -> assertThat(e.sent()).isNull());
        }
    }

    @Test
    void emptyAndBrokenBodiesAreRefusedAsReadTreeWouldRefuseThem() {
        assertThat(catchThrowableOfType(() -> BODIES.read(new byte[0]), ApiException.class).status())
                .isEqualTo(400);
        assertThat(catchThrowableOfType(() -> BODIES.read(utf8("  ")), ApiException.class)
                .getMessage()).contains("no JSON value");
        assertThat(catchThrowableOfType(() -> BODIES.read(utf8("[{\"id\":1},")), JsonParseException.class))
                .isNotNull();
    }

    @Test
    void aMapperThatRefusesTrailingTokensStillReadsArraysAndRefusesWhatFollowsTheValue() throws Exception {
        EventBody.Reader strict = new EventBody.Reader(
                new ObjectMapper().enable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS));

        assertThat(sent(strict.read(utf8("[{\"id\":\"a\"},{\"id\":\"b\"}]")))).containsExactly("{\"id\":\"a\"}",
                "{\"id\":\"b\"}");
        assertThat(catchThrowableOfType(() -> strict.read(utf8("{\"id\":\"a\"} {}")), ApiException.class)
                .getMessage()).contains("goes on after");
        assertThat(sent(BODIES.read(utf8("{\"id\":\"a\"} {}")))).containsExactly("{\"id\":\"a\"}");
    }

    private static List<String> sent(EventBody body) {
        return body.events().stream().map(e -> new String(e.sent(), StandardCharsets.UTF_8)).toList();
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] both = new byte[a.length + b.length];
        System.arraycopy(a, 0, both, 0, a.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }
}
