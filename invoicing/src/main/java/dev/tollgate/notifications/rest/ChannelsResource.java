package dev.tollgate.notifications.rest;

import static dev.tollgate.shared.problem.ApiException.requireBody;

import dev.tollgate.notifications.domain.ChannelDraft;
import dev.tollgate.notifications.service.ChannelService;
import dev.tollgate.notifications.store.ChannelEntity;
import dev.tollgate.shared.auth.CurrentCaller;
import dev.tollgate.shared.auth.RequiresScope;
import dev.tollgate.shared.auth.Scope;
import dev.tollgate.shared.paging.Paging;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** OpenMeter's notification channels ({@code /api/v1/notification/channels}): webhooks. */
@Path("/api/v1/notification/channels")
@Tag(name = "Notifications")
@Produces(MediaType.APPLICATION_JSON)
public class ChannelsResource {

    private static final List<String> ORDER_BY = List.of("id", "type", "createdAt", "updatedAt");

    private final ChannelService channels;
    private final CurrentCaller caller;

    ChannelsResource(ChannelService channels, CurrentCaller caller) {
        this.channels = channels;
        this.caller = caller;
    }

    @GET
    @RequiresScope(Scope.READ)
    @Operation(summary = "List notification channels", description = "Live ones; disabled ones with includeDisabled."
            + " By id, newest first, unless asked otherwise")
    public ChannelView.Page list(@QueryParam("includeDisabled") boolean includeDisabled,
            @QueryParam("includeDeleted") boolean includeDeleted, @QueryParam("page") String page,
            @QueryParam("pageSize") String pageSize, @QueryParam("orderBy") String orderBy,
            @QueryParam("order") String order) {
        ListQuery query = ListQuery.read(page, pageSize, orderBy, order, ORDER_BY, true);
        Paging.Page<ChannelEntity> found = channels.list(caller.namespace(), includeDisabled, query.orderBy(),
                query.descending(), query.paging());
        return new ChannelView.Page(found.totalCount(), query.paging().page(), query.paging().pageSize(),
                found.items().stream().map(this::view).toList());
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RequiresScope(Scope.ADMIN)
    @Operation(summary = "Create a notification channel", description = "A webhook; its signing secret (whsec_…) is"
            + " generated when absent. The URL must not reach internal addresses")
    public Response create(ChannelDraft draft) {
        ChannelEntity created = channels.create(caller.namespace(), requireBody(draft, "a notification channel"));
        return Response.status(Response.Status.CREATED).entity(view(created)).build();
    }

    @GET
    @Path("/{channelId}")
    @RequiresScope(Scope.READ)
    @Operation(summary = "Get a notification channel", description = "Deleted ones too, with deletedAt")
    public ChannelView get(@PathParam("channelId") String id) {
        return view(channels.get(caller.namespace(), id));
    }

    @PUT
    @Path("/{channelId}")
    @Consumes(MediaType.APPLICATION_JSON)
    @RequiresScope(Scope.ADMIN)
    @Operation(summary = "Replace a notification channel", description = "The secret is kept when none is given")
    public ChannelView replace(@PathParam("channelId") String id, ChannelDraft draft) {
        return view(channels.replace(caller.namespace(), id, requireBody(draft, "a notification channel")));
    }

    @DELETE
    @Path("/{channelId}")
    @RequiresScope(Scope.ADMIN)
    @Operation(summary = "Delete a notification channel", description = "400 while a live rule sends to it")
    public Response delete(@PathParam("channelId") String id) {
        channels.delete(caller.namespace(), id);
        return Response.noContent().build();
    }

    private ChannelView view(ChannelEntity channel) {
        return ChannelView.of(channel, channels.signingSecret(channel).orElse(null));
    }
}
