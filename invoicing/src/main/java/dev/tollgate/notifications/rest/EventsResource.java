package dev.tollgate.notifications.rest;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tollgate.notifications.service.EventService;
import dev.tollgate.notifications.service.RuleService;
import dev.tollgate.notifications.store.EventRepository;
import dev.tollgate.shared.auth.CurrentCaller;
import dev.tollgate.shared.auth.RequiresScope;
import dev.tollgate.shared.auth.Scope;
import dev.tollgate.shared.paging.Paging;
import dev.tollgate.shared.problem.ApiException;
import dev.tollgate.shared.time.Rfc3339;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** OpenMeter's notification events ({@code /api/v1/notification/events}): what was sent, and to whom. */
@Path("/api/v1/notification/events")
@Tag(name = "Notifications")
@Produces(MediaType.APPLICATION_JSON)
public class EventsResource {

    private static final List<String> ORDER_BY = List.of("createdAt", "id");

    /** OpenMeter's {@code NotificationEventResendRequest}. */
    public record ResendRequest(List<String> channels) {
    }

    private final EventService events;
    private final RuleService rules;
    private final CurrentCaller caller;
    private final ObjectMapper mapper;

    EventsResource(EventService events, RuleService rules, CurrentCaller caller, ObjectMapper mapper) {
        this.events = events;
        this.rules = rules;
        this.caller = caller;
        this.mapper = mapper;
    }

    @GET
    @RequiresScope(Scope.READ)
    @Operation(summary = "List notification events", description = "Newest first unless asked otherwise; from and"
            + " to (inclusive) bound createdAt")
    public EventView.Page list(@QueryParam("from") String from, @QueryParam("to") String to,
            @QueryParam("feature") List<String> feature, @QueryParam("subject") List<String> subject,
            @QueryParam("rule") List<String> rule, @QueryParam("channel") List<String> channel,
            @QueryParam("page") String page, @QueryParam("pageSize") String pageSize,
            @QueryParam("orderBy") String orderBy, @QueryParam("order") String order) {
        ListQuery query = ListQuery.read(page, pageSize, orderBy, order, ORDER_BY, true);
        Instant start = instant("from", from);
        Instant end = instant("to", to);
        if (start != null && end != null && start.isAfter(end)) {
            throw ApiException.invalid("from", "after_to", "must not be after to");
        }
        Paging.Page<EventService.EventRecord> found = events.list(caller.namespace(), new EventRepository.Filter(
                start, end, feature, subject, rule, channel), query.orderBy(), query.descending(), query.paging());
        var channels = rules.channelsOf(found.items().stream().map(EventService.EventRecord::rule).distinct()
                .toList());
        return new EventView.Page(found.totalCount(), query.paging().page(), query.paging().pageSize(),
                found.items().stream().map(e -> EventView.of(e, channels, mapper)).toList());
    }

    @GET
    @Path("/{eventId}")
    @RequiresScope(Scope.READ)
    @Operation(summary = "Get a notification event", description = "With each channel's delivery and attempts")
    public EventView get(@PathParam("eventId") String id) {
        EventService.EventRecord event = events.get(caller.namespace(), id);
        return EventView.of(event, rules.channelsOf(List.of(event.rule())), mapper);
    }

    @POST
    @Path("/{eventId}/resend")
    @Consumes(MediaType.APPLICATION_JSON)
    @RequiresScope(Scope.ADMIN)
    @Operation(summary = "Send a notification event again", description = "To the channels named, or all of the"
            + " event's; 202")
    public Response resend(@PathParam("eventId") String id, ResendRequest request) {
        events.resend(caller.namespace(), id, request == null ? null : request.channels());
        return Response.accepted().build();
    }

    private static Instant instant(String field, String value) {
        if (value == null) {
            return null;
        }
        return Rfc3339.parse(value).orElseThrow(() -> ApiException.invalid(field, "invalid",
                "must be an RFC 3339 date-time, not '" + value + "'"));
    }
}
