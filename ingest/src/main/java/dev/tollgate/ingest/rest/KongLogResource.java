package dev.tollgate.ingest.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tollgate.ingest.kong.KongLogMapper;
import dev.tollgate.ingest.kong.KongMapping;
import dev.tollgate.ingest.kong.KongMappingConfig;
import dev.tollgate.ingest.kong.KongRecordException;
import dev.tollgate.ingest.service.IngestService;
import dev.tollgate.shared.auth.CurrentCaller;
import dev.tollgate.shared.auth.RequiresScope;
import dev.tollgate.shared.auth.Scope;
import dev.tollgate.shared.problem.ApiException;
import dev.tollgate.shared.problem.ValidationError;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Takes Kong's stock http-log plugin as it is: point the plugin's {@code http_endpoint} here. One record or a batch
 * (an array, when the plugin's queue batches) becomes an api-request event per record and llm-usage events for AI
 * traffic. Kong's request id is the event id, so Kong's retries of a whole batch count once.
 */
@Path("/api/v1/kong/http-log")
@Tag(name = "Kong")
public class KongLogResource {

    private final IngestService ingest;
    private final CurrentCaller caller;
    private final ObjectMapper json;
    private final RequestLimits limits;
    private final KongMappingConfig mapping;

    KongLogResource(IngestService ingest, CurrentCaller caller, ObjectMapper json, RequestLimits limits,
            KongMapping mapping) {
        this.ingest = ingest;
        this.caller = caller;
        this.json = json;
        this.limits = limits;
        this.mapping = mapping.config();
    }

    @POST
    @RequiresScope(Scope.INGEST)
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Ingest Kong http-log records",
            description = "The body exactly as Kong's http-log plugin sends it: one record, or an array of records."
                    + " Answers 204 once the events are durable in Kafka; anything else makes Kong retry.")
    @APIResponse(responseCode = "204", description = "Every event is durable in Kafka")
    @APIResponse(responseCode = "400", description = "A record is not an http-log record; the detail names it")
    public Uni<Response> post(byte[] body) throws IOException {
        return ingestBody(body);
    }

    /** http-log can be configured to send with PUT. */
    @PUT
    @RequiresScope(Scope.INGEST)
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Ingest Kong http-log records sent with PUT")
    public Uni<Response> put(byte[] body) throws IOException {
        return ingestBody(body);
    }

    private Uni<Response> ingestBody(byte[] body) throws IOException {
        limits.checkBodySize(body);
        if (body == null || body.length == 0) {
            throw ApiException.badRequest("the request body is empty; send an http-log record or an array of them");
        }
        JsonNode root = json.readTree(body);
        List<ObjectNode> events;
        try {
            events = KongLogMapper.mapBody(root, mapping);
        } catch (KongRecordException e) {
            String field = e.index() < 0 ? "$" : "[" + e.index() + "]";
            throw ApiException.invalid(List.of(new ValidationError(field, "kong_record",
                    e.getMessage())));
        }
        if (events.isEmpty()) {
            return Uni.createFrom().item(Response.noContent().build());
        }
        return ingest.ingest(caller.namespace(), new ArrayList<JsonNode>(events), true)
                .replaceWith(Response.noContent().build());
    }
}
