package dev.tollgate.app.contract;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URL;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The app's own OpenAPI document, as the contract tests walk it: every operation with its parameters. */
final class ApiDocument {

    /** One operation: method, path template, its path and query parameters, and the scope it documents. */
    record Operation(String method, String path, List<String> pathParameters, List<String> queryParameters,
            String scope, JsonNode requestSchema) {

        /**
         * Whether the operation takes a body. An action without one (publish, advance, a billing run) ignores a
         * body, as HTTP allows, so it is not fuzzed with bodies.
         */
        boolean hasBody() {
            return (method.equals("POST") || method.equals("PUT") || method.equals("PATCH")) && requestSchema != null;
        }

        /** The path with every parameter replaced by {@code value} (already encoded as it should go on the wire). */
        String pathWith(String value) {
            String filled = path;
            for (String name : pathParameters) {
                filled = filled.replace("{" + name + "}", value);
            }
            return filled;
        }

        @Override
        public String toString() {
            return method + " " + path;
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private ApiDocument() {
    }

    static List<Operation> operations(URL document) throws IOException {
        JsonNode root = JSON.readTree(document);
        List<Operation> operations = new ArrayList<>();
        for (Map.Entry<String, JsonNode> path : root.path("paths").properties()) {
            for (Map.Entry<String, JsonNode> entry : path.getValue().properties()) {
                JsonNode operation = entry.getValue();
                if (!operation.has("responses")) {
                    continue;
                }
                List<String> pathParameters = new ArrayList<>();
                List<String> queryParameters = new ArrayList<>();
                for (JsonNode parameter : parameters(path.getValue(), operation)) {
                    String in = parameter.path("in").asText();
                    if (in.equals("path")) {
                        pathParameters.add(parameter.path("name").asText());
                    } else if (in.equals("query")) {
                        queryParameters.add(parameter.path("name").asText());
                    }
                }
                operations.add(new Operation(entry.getKey().toUpperCase(Locale.ROOT), path.getKey(),
                        pathParameters, queryParameters, operation.path("x-tollgate-scope").asText(null),
                        requestSchema(root, operation)));
            }
        }
        return operations;
    }

    private static List<JsonNode> parameters(JsonNode pathItem, JsonNode operation) {
        List<JsonNode> all = new ArrayList<>();
        pathItem.path("parameters").forEach(all::add);
        operation.path("parameters").forEach(all::add);
        return all;
    }

    /** The JSON schema of the request body, with a top-level $ref resolved; null when there is none. */
    private static JsonNode requestSchema(JsonNode root, JsonNode operation) {
        for (JsonNode media : operation.path("requestBody").path("content")) {
            JsonNode schema = media.path("schema");
            String ref = schema.path("$ref").asText("");
            if (ref.startsWith("#/components/schemas/")) {
                return root.path("components").path("schemas").path(ref.substring("#/components/schemas/".length()));
            }
            if (!schema.isMissingNode()) {
                return schema;
            }
        }
        return null;
    }
}
