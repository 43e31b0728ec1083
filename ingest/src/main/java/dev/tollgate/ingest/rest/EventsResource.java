package dev.tollgate.ingest.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tollgate.ingest.api.ArchiveLag;
import dev.tollgate.ingest.domain.BinaryCloudEvent;
import dev.tollgate.ingest.domain.ReceivedEvent;
import dev.tollgate.ingest.service.EventBrowserService;
import dev.tollgate.ingest.service.IngestService;
import dev.tollgate.shared.auth.CurrentCaller;
import dev.tollgate.shared.auth.RequiresScope;
import dev.tollgate.shared.auth.Scope;
import dev.tollgate.shared.problem.ApiException;
import dev.tollgate.shared.roles.Role;
import dev.tollgate.shared.roles.ServedBy;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestResponse;

/**
 * OpenMeter-compatible ingestion: {@code POST /api/v1/events} answers 204 once the events are durable. The usual
 * request, a structured event or batch as it is, is served by {@link EventsRoute} before it gets here; this resource
 * documents the endpoint and answers every other request to it.
 */
@Path("/api/v1/events")
@Tag(name = "Events")
public class EventsResource {

    public static final String CLOUDEVENT = "application/cloudevents+json";
    public static final String CLOUDEVENT_BATCH = "application/cloudevents-batch+json";
    public static final String LAG_EVENTS = "Tollgate-Archive-Lag-Events";
    public static final String LAG_SECONDS = "Tollgate-Archive-Lag-Seconds";

    private final IngestService ingest;
    private final CurrentCaller caller;
    private final ObjectMapper json;
    private final EventBody.Reader bodies;
    private final RequestLimits limits;
    private final EventBrowserService browser;
    private final ArchiveLag archiveLag;

    EventsResource(IngestService ingest, CurrentCaller caller, ObjectMapper json, RequestLimits limits,
            EventBrowserService browser, ArchiveLag archiveLag) {
        this.ingest = ingest;
        this.browser = browser;
        this.archiveLag = archiveLag;
        this.caller = caller;
        this.json = json;
        this.bodies = new EventBody.Reader(json);
        this.limits = limits;
    }

    @POST
    @RequiresScope(Scope.INGEST)
    @Consumes({ CLOUDEVENT, CLOUDEVENT_BATCH, MediaType.APPLICATION_JSON })
    @Operation(summary = "Ingest CloudEvents",
            description = "One event as application/cloudevents+json, an array as application/cloudevents-batch+json,"
                    + " either as application/json, or one event in CloudEvents HTTP binary mode (ce-* headers with"
                    + " the data as a JSON body). Bodies may be gzip-compressed (Content-Encoding: gzip)."
                    + " A batch with any invalid event is rejected whole.")
    @APIResponse(responseCode = "204", description = "Every event is durable in Kafka")
    @APIResponse(responseCode = "400", description = "Invalid event; the detail names its index and field")
    @APIResponse(responseCode = "413", description = "Body or batch over the configured limit")
    @APIResponse(responseCode = "503", description = "Kafka did not acknowledge in time; retry later")
    public Uni<Response> ingest(@Context HttpHeaders headers, byte[] body) throws IOException {
        limits.checkBodySize(body);
        String contentType = headers.getHeaderString(HttpHeaders.CONTENT_TYPE);
        if (BinaryCloudEvent.isBinary(headers.getRequestHeaders())) {
            JsonNode data = body == null || body.length == 0 ? null : json.readTree(body);
            JsonNode event = BinaryCloudEvent.toStructured(headers.getRequestHeaders(), contentType, data);
            return accepted(ingest.ingest(caller.namespace(), List.of(ReceivedEvent.parsedOnly(event)), false));
        }
        EventBody parsed = bodies.read(body);
        if (contentType == null || contentType.isBlank()) {
            throw new ApiException(415, "Content-Type is required: " + CLOUDEVENT + " for one event, "
                    + CLOUDEVENT_BATCH + " for an array, or application/json for either");
        }
        MediaType type = MediaType.valueOf(contentType);
        requireShapeFits(type.isCompatible(MediaType.valueOf(CLOUDEVENT)),
                type.isCompatible(MediaType.valueOf(CLOUDEVENT_BATCH)), parsed.array());
        return accepted(ingest.ingest(caller.namespace(), parsed.events(), parsed.array()));
    }

    /** One event comes as {@link #CLOUDEVENT}, an array as {@link #CLOUDEVENT_BATCH}; application/json takes either. */
    static void requireShapeFits(boolean asOneEvent, boolean asBatch, boolean array) {
        if (asOneEvent && array) {
            throw ApiException.badRequest("an array of events must be sent as " + CLOUDEVENT_BATCH);
        }
        if (asBatch && !array) {
            throw ApiException.badRequest(CLOUDEVENT_BATCH + " needs a JSON array of events");
        }
    }

    @GET
    @RequiresScope(Scope.READ)
    // Its path is the ingest endpoint's, and load balancers route by path: ingest processes serve it too.
    @ServedBy({ Role.API, Role.INGEST })
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "List ingested events",
            description = "Newest first. from defaults to the start of the lateness window; id and subject match"
                    + " partially. validationError says why the live meters cannot take a value from an event."
                    + " Events show here once archived, which may be later than meters count them: the " + LAG_EVENTS
                    + " and " + LAG_SECONDS + " headers say how far the archive is behind (absent while not measured).")
    @APIResponse(responseCode = "200", description = "The events", headers = {
            @Header(name = LAG_EVENTS, description = "Ingested events not yet archived",
                    schema = @Schema(type = SchemaType.INTEGER)),
            @Header(name = LAG_SECONDS, description = "The archive holds everything ingested this many seconds ago",
                    schema = @Schema(type = SchemaType.NUMBER)) })
    public RestResponse<List<IngestedEventView>> list(@QueryParam("from") String from, @QueryParam("to") String to,
            @QueryParam("ingestedAtFrom") String ingestedAtFrom, @QueryParam("ingestedAtTo") String ingestedAtTo,
            @QueryParam("id") String id, @QueryParam("subject") String subject,
            @QueryParam("customerId") List<String> customerIds, @QueryParam("type") String type,
            @QueryParam("limit") String limit) {
        EventBrowserService.Request request = new EventBrowserService.Request(from, to, ingestedAtFrom,
                ingestedAtTo, id, subject, customerIds == null ? List.of() : customerIds, type, limit);
        List<IngestedEventView> events = browser.list(caller.namespace(), request).stream()
                .map(e -> IngestedEventView.of(e, json)).toList();
        RestResponse.ResponseBuilder<List<IngestedEventView>> response = RestResponse.ResponseBuilder.ok(events);
        archiveLag.current().ifPresent(lag -> response.header(LAG_EVENTS, lag.events())
                .header(LAG_SECONDS, BigDecimal.valueOf(lag.behind().toMillis(), 3).stripTrailingZeros()
                        .toPlainString()));
        return response.build();
    }

    private static Uni<Response> accepted(Uni<Void> published) {
        return published.replaceWith(Response.noContent().build());
    }
}
