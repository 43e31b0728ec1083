package dev.tollgate.ingest.kong;

import static dev.tollgate.ingest.kong.KongJson.number;
import static dev.tollgate.ingest.kong.KongJson.putNumber;
import static dev.tollgate.ingest.kong.KongJson.putText;
import static dev.tollgate.ingest.kong.KongJson.text;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code data} of an {@code api-request} event: the call's dimensions and measures, copied field by field so
 * that nothing unlisted (credentials, bodies, querystrings) can slip through. Absent fields are left out.
 */
final class ApiRequestData {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private ApiRequestData() {
    }

    static ObjectNode of(JsonNode record, KongMappingConfig config) {
        JsonNode request = record.path("request");
        JsonNode response = record.path("response");
        JsonNode latencies = record.path("latencies");
        JsonNode consumer = record.path("consumer");
        ObjectNode data = NODES.objectNode();

        putText(data, "route", route(record));
        putText(data, "route_id", text(record.path("route").get("id")));
        putText(data, "service", service(record));
        putText(data, "service_id", text(record.path("service").get("id")));
        putText(data, "method", text(request.get("method")));
        putText(data, "path", text(request.get("uri")).map(ApiRequestData::withoutQuery));
        putNumber(data, "status", status(record));
        // "" means Kong answered itself; "500, 200 : 200, 200" (retries) is kept as is.
        putText(data, "upstream_status", text(record.get("upstream_status")));
        putNumber(data, "latency_ms", latency(latencies.get("request")));
        // -1 when the request was never proxied (rate limited, auth failed, no route): not a duration.
        putNumber(data, "upstream_latency_ms", latency(latencies.get("proxy")));
        putNumber(data, "kong_latency_ms", latency(latencies.get("kong")));
        putNumber(data, "request_bytes", number(request.get("size")));
        putNumber(data, "response_bytes", number(response.get("size")));
        putText(data, "client_ip", text(record.get("client_ip")));
        putText(data, "consumer_id", text(consumer.get("id")));
        putText(data, "consumer_username", text(consumer.get("username")));
        putText(data, "consumer_custom_id", text(consumer.get("custom_id")));
        putText(data, "workspace", text(record.get("workspace")));
        putText(data, "workspace_name", text(record.get("workspace_name")));
        List<String> groups = ConsumerGroups.of(record);
        if (!groups.isEmpty()) {
            ArrayNode array = data.putArray("consumer_groups");
            groups.forEach(array::add);
        }
        putText(data, "response_source", responseSource(record));
        ObjectNode headers = allowedHeaders(request.get("headers"), config);
        if (!headers.isEmpty()) {
            data.set("headers", headers);
        }
        return data;
    }

    /** The route's name, else its id, else its first path: whatever identifies it best. */
    static Optional<String> route(JsonNode record) {
        JsonNode route = record.path("route");
        Optional<String> name = text(route.get("name"));
        if (name.isPresent()) {
            return name;
        }
        Optional<String> id = text(route.get("id"));
        return id.isPresent() ? id : KongJson.firstText(route.get("paths"));
    }

    /** The service's name, else its id. */
    static Optional<String> service(JsonNode record) {
        JsonNode service = record.path("service");
        Optional<String> name = text(service.get("name"));
        return name.isPresent() ? name : text(service.get("id"));
    }

    /**
     * Who answered: {@code upstream} when Kong proxied the call, {@code kong} when it answered itself (auth failed,
     * rate limited, no route), so that refused calls are easy to leave unbilled. Kong logs it as {@code source} from
     * 3.6 on; before that it is told by {@code latencies.proxy}, which is -1 for a call never proxied.
     */
    static Optional<String> responseSource(JsonNode record) {
        Optional<String> logged = text(record.get("source"));
        if (logged.isPresent()) {
            return logged;
        }
        return number(record.path("latencies").get("proxy"))
                .map(proxy -> proxy.signum() < 0 ? "kong" : "upstream");
    }

    /** The status sent to the client. */
    static Optional<BigDecimal> status(JsonNode record) {
        return number(record.path("response").get("status"));
    }

    private static Optional<BigDecimal> latency(JsonNode value) {
        return number(value).filter(ms -> ms.signum() >= 0);
    }

    /** The path only: query strings often carry personal data or tokens, and would explode meter dimensions. */
    private static String withoutQuery(String uri) {
        int query = uri.indexOf('?');
        return query < 0 ? uri : uri.substring(0, query);
    }

    /**
     * Only allow-listed headers. Kong redacts just {@code authorization} and {@code proxy-authorization}; key-auth's
     * {@code apikey}, Azure's {@code api-key} that ai-proxy sets, cookies and any custom credential header are logged
     * in clear, so nothing is copied unless it is named.
     */
    private static ObjectNode allowedHeaders(JsonNode headers, KongMappingConfig config) {
        ObjectNode kept = NODES.objectNode();
        if (headers == null || !headers.isObject()) {
            return kept;
        }
        for (Map.Entry<String, JsonNode> header : headers.properties()) {
            String name = header.getKey().toLowerCase(Locale.ROOT);
            if (!config.allowedRequestHeaders().contains(name) || kept.has(name)) {
                continue;
            }
            JsonNode value = header.getValue();
            if (value.isArray()) {
                ArrayNode values = NODES.arrayNode();
                value.forEach(element -> {
                    if (element.isValueNode() && !element.isNull()) {
                        values.add(element.asText());
                    }
                });
                kept.set(name, values);
            } else if (value.isValueNode() && !value.isNull()) {
                kept.put(name, value.asText());
            }
        }
        return kept;
    }
}
