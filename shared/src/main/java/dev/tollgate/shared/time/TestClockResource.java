package dev.tollgate.shared.time;

import dev.tollgate.shared.auth.RequiresScope;
import dev.tollgate.shared.auth.Scope;
import dev.tollgate.shared.problem.ApiException;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.Period;
import java.time.format.DateTimeParseException;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * Lets tests that run the app in its own process read, set and move its clock, as Kill Bill's test clock API does.
 * Answers 404 unless {@code tollgate.clock.movable} is set, and is left out of the OpenAPI document.
 */
@Path("/api/v1/test/clock")
@Produces(MediaType.APPLICATION_JSON)
@RequiresScope(Scope.ADMIN)
public class TestClockResource {

    /** {@code now} to set the clock to; or {@code by}, an ISO 8601 duration ({@code PT2H}) or period ({@code P1M}). */
    public record ClockChange(String now, String by) {
    }

    public record ClockView(Instant now) {
    }

    private final Clock clock;

    TestClockResource(Clock clock) {
        this.clock = clock;
    }

    @GET
    @Operation(hidden = true)
    public ClockView get() {
        return new ClockView(movable().instant());
    }

    @PUT
    @Operation(hidden = true)
    public ClockView set(ClockChange change) {
        String now = ApiException.requireBody(change, "a clock change").now();
        Instant to = Rfc3339.parse(now == null ? "" : now).orElseThrow(() -> invalid("now", "an RFC 3339 date-time"));
        return new ClockView(movable().setTo(to));
    }

    @POST
    @Path("/advance")
    @Operation(hidden = true)
    public ClockView advance(ClockChange change) {
        String by = ApiException.requireBody(change, "a clock change").by();
        if (by == null) {
            throw invalid("by", "an ISO 8601 duration such as PT2H or period such as P1M");
        }
        try {
            return new ClockView(by.contains("T") ? movable().advance(Duration.parse(by))
                    : movable().advance(Period.parse(by)));
        } catch (DateTimeParseException e) {
            throw invalid("by", "an ISO 8601 duration such as PT2H or period such as P1M");
        }
    }

    private MovableClock movable() {
        if (clock instanceof MovableClock movable) {
            return movable;
        }
        throw ApiException.notFound("the clock can be moved only when tollgate.clock.movable is set");
    }

    private static ApiException invalid(String field, String expected) {
        return ApiException.invalid(field, "invalid", "must be " + expected);
    }
}
