package dev.tollgate.console;

import dev.tollgate.shared.auth.BrowserSession;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;

/** The event browser: the latest events as ingested, with each one's validation error. */
@Path("/console/events")
@BrowserSession
@Produces(MediaType.TEXT_HTML)
public class EventPages {

    private final Visit visit;
    private final Template events;

    EventPages(Visit visit, @Location("console/events.html") Template events) {
        this.visit = visit;
        this.events = events;
    }

    @GET
    public Response list(@QueryParam("from") String from, @QueryParam("to") String to,
            @QueryParam("subject") String subject, @QueryParam("type") String type,
            @QueryParam("customerId") String customerId, @QueryParam("limit") String limit) {
        return visit.page(session -> {
            Map<String, Object> filter = new LinkedHashMap<>();
            filter.put("from", from);
            filter.put("to", to);
            filter.put("subject", subject);
            filter.put("type", type);
            filter.put("customerId", customerId);
            filter.put("limit", limit == null || limit.isBlank() ? "100" : limit);
            ApiAnswer found = visit.api(session).get(ApiClient.path("/api/v1/events", filter)).join();
            Map<String, Object> data = new HashMap<>();
            Map<String, String> shown = new HashMap<>();
            filter.forEach((k, v) -> shown.put(k, v == null ? "" : v.toString()));
            data.put("filter", shown);
            List<Map<String, Object>> rows = new ArrayList<>();
            if (found.ok()) {
                found.json().forEach(event -> {
                    Map<String, Object> row = new HashMap<>(ApiClient.JSON.convertValue(event, Map.class));
                    row.put("dataJson", event.path("event").path("data").toPrettyString());
                    rows.add(row);
                });
            }
            data.put("events", rows);
            data.put("error", found.ok() ? "" : found.message());
            return visit.html(events, "events", session, data, Visit.statusOf(found), found);
        });
    }
}
