package dev.tollgate.console;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** What the console answers a form it will not act on. */
final class Forms {

    private Forms() {
    }

    /**
     * A form without the session's token: not sent by a console page (CSRF), or from a page of an earlier session.
     */
    static Response refused(Visit visit) {
        return visit.timed(Response.status(403).type(MediaType.TEXT_PLAIN_TYPE.withCharset("UTF-8"))
                .entity("This form is out of date or was not sent by the console (no valid CSRF token). Reload the"
                        + " page and try again."));
    }
}
