package dev.tollgate.ingest.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.annotation.JsonInclude;
import dev.tollgate.ingest.kong.KongRecordException;
import dev.tollgate.ingest.service.KongIngestService;
import dev.tollgate.shared.auth.CurrentCaller;
import dev.tollgate.shared.auth.RequiresScope;
import dev.tollgate.shared.auth.Scope;
import dev.tollgate.shared.problem.ApiException;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
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

    private final KongIngestService kong;
    private final CurrentCaller caller;
    private final ObjectMapper json;
    private final RequestLimits limits;

    KongLogResource(KongIngestService kong, CurrentCaller caller, ObjectMapper json, RequestLimits limits) {
        this.kong = kong;
        this.caller = caller;
        this.json = json;
        this.limits = limits;
    }

    @POST
    @RequiresScope(Scope.INGEST)
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Ingest Kong http-log records",
            description = "The body exactly as Kong's http-log plugin sends it: one record, or an array of records."
                    + " Answers once the events are durable in Kafka; anything but 2xx makes Kong retry the batch."
                    + " A record that cannot be metered (too old, too far ahead, a token count that is not a count,"
                    + " not an http-log record) is set aside with its reason, visible in GET /api/v1/events, and the"
                    + " rest is ingested.")
    @APIResponse(responseCode = "204", description = "Every record's events are durable in Kafka")
    @APIResponse(responseCode = "200", description = "Durable in Kafka, and some records were set aside: which, and why",
            content = @Content(schema = @Schema(implementation = Answer.class)))
    @APIResponse(responseCode = "400", description = "The body is neither an http-log record nor an array of them")
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
        try {
            return kong.ingest(caller.namespace(), root).map(KongLogResource::answer);
        } catch (KongRecordException e) {
            throw ApiException.invalid("$", "kong_record", e.getMessage());
        }
    }

    /** 204 when every record was ingested whole; else 200 saying what was set aside and why. */
    private static Response answer(KongIngestService.Outcome outcome) {
        if (outcome.setAside().isEmpty()) {
            return Response.noContent().build();
        }
        List<SetAsideView> setAside = outcome.setAside().stream().map(s -> new SetAsideView(s.record(),
                s.content().path("id").asText(null), s.reason())).toList();
        return Response.ok(new Answer(outcome.records(), outcome.events(), outcome.recordsSetAside(), setAside))
                .type(MediaType.APPLICATION_JSON).build();
    }

    /**
     * A batch with records that could not be metered: how many records came, how many events will be metered, and
     * each set-aside event or record with why. They are kept in the event browser with the same reason.
     */
    public record Answer(int records, int events, long recordsSetAside, List<SetAsideView> setAside) {
    }

    /** @param id the event's id, absent for a record that could not be mapped at all */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record SetAsideView(int record, String id, String reason) {
    }
}
