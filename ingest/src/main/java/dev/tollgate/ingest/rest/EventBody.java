package dev.tollgate.ingest.rest;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.NullNode;
import dev.tollgate.ingest.domain.ReceivedEvent;
import dev.tollgate.shared.problem.ApiException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A structured-mode request body: one JSON value or an array of them, each with the bytes it was read from, so that an
 * event validation leaves alone is forwarded as sent. It reads as {@code ObjectMapper.readTree} would.
 *
 * @param array whether the body was a JSON array
 */
record EventBody(boolean array, List<ReceivedEvent> events) {

    /** Reads bodies with the application's mapper and its settings. */
    static final class Reader {
        /** Reads one value of several: whether anything follows the body's value is checked once, at the end. */
        private final ObjectReader values;
        private final ObjectMapper json;
        private final boolean refusesTrailingTokens;

        Reader(ObjectMapper json) {
            this.json = json;
            this.values = json.readerFor(JsonNode.class).without(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
            this.refusesTrailingTokens = json.isEnabled(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        }

        EventBody read(byte[] body) throws IOException {
            if (body == null || body.length == 0) {
                throw ApiException.badRequest("the request body is empty; send a CloudEvent or an array of them");
            }
            // Byte offsets count from after a byte order mark, and bodies in UTF-16 or UTF-32 have none: such rare
            // bodies are parsed alike but their events written out again.
            boolean offsets = !(body.length >= 3 && (body[0] & 0xff) == 0xef && (body[1] & 0xff) == 0xbb
                    && (body[2] & 0xff) == 0xbf);
            try (JsonParser parser = json.createParser(body)) {
                JsonToken first = parser.nextToken();
                if (first == null) {
                    throw ApiException.badRequest("the request body holds no JSON value");
                }
                List<ReceivedEvent> events = new ArrayList<>();
                boolean array = first == JsonToken.START_ARRAY;
                if (array) {
                    while (parser.nextToken() != JsonToken.END_ARRAY) {
                        events.add(next(parser, body, offsets));
                    }
                } else {
                    events.add(next(parser, body, offsets));
                }
                if (refusesTrailingTokens && parser.nextToken() != null) {
                    throw ApiException.badRequest("the request body goes on after its JSON value");
                }
                return new EventBody(array, events);
            }
        }

        /** The value at the parser's current token, with its bytes if they can be told. */
        private ReceivedEvent next(JsonParser parser, byte[] body, boolean offsets) throws IOException {
            long start = parser.currentTokenLocation().getByteOffset();
            JsonNode tree = values.readTree(parser);
            JsonNode value = tree != null ? tree : NullNode.instance;
            long end = parser.currentLocation().getByteOffset();
            return new ReceivedEvent(value, offsets ? slice(body, start, end) : null);
        }
    }

    /** The object's bytes, or null unless {@code start..end} is exactly an object in the body. */
    private static byte[] slice(byte[] body, long start, long end) {
        if (start < 0 || end > body.length || end - start < 2 || body[(int) start] != '{'
                || body[(int) end - 1] != '}') {
            return null;
        }
        return start == 0 && end == body.length ? body : Arrays.copyOfRange(body, (int) start, (int) end);
    }
}
