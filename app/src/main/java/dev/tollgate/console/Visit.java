package dev.tollgate.console;

import io.quarkus.qute.Template;
import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.SocketAddress;
import jakarta.enterprise.context.RequestScoped;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.jboss.logging.Logger;

/**
 * One page request of the console: who is signed in, how to reach the API from here, and how a page is answered
 * (HTML with the server time in a {@code Server-Timing} header, or a redirect to sign-in).
 */
@RequestScoped
public class Visit {

    private static final Logger LOG = Logger.getLogger(Visit.class);
    static final String SIGN_IN = "/console/sign-in";
    /** Scripts and styles only from Tollgate itself (the console's own files and the Chart.js WebJar). */
    private static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
            + " form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

    /** At most this many API calls are named in Server-Timing, so that the header stays small. */
    private static final int TIMED_CALLS = 30;

    private final long started = System.nanoTime();
    private final List<ApiClient.Calls> calls = new ArrayList<>();
    private final CurrentVertxRequest current;
    private final SessionCookie cookies;
    private final ApiClient api;

    Visit(CurrentVertxRequest current, SessionCookie cookies, ApiClient api) {
        this.current = current;
        this.cookies = cookies;
        this.api = api;
    }

    public Cookie cookie(String name) {
        return request().getCookie(name);
    }

    public Optional<Session> session() {
        Cookie cookie = request().getCookie(SessionCookie.NAME);
        return cookies.read(cookie == null ? null : cookie.getValue());
    }

    /** A page for a signed-in person; anyone else is sent to sign in. */
    public Response page(Function<Session, Response> page) {
        return session().map(page).orElseGet(Visit::toSignIn);
    }

    public ApiClient.Calls api(Session session) {
        return api(session.apiKey());
    }

    public ApiClient.Calls api(String apiKey) {
        ApiClient.Calls made = api.as(apiKey, requestBase());
        calls.add(made);
        return made;
    }

    public boolean secure() {
        return "https".equalsIgnoreCase(request().scheme());
    }

    public SessionCookie cookies() {
        return cookies;
    }

    /**
     * The page, or sign-in again when the API no longer takes the key (revoked since sign-in).
     *
     * @param consulted the API's answers the page shows
     */
    public Response html(Template template, String nav, Session session, Map<String, Object> data, int status,
            ApiAnswer... consulted) {
        if (Arrays.stream(consulted).anyMatch(answer -> answer.status() == 401)) {
            return Response.seeOther(URI.create(SIGN_IN)).cookie(cookies.clear(secure())).build();
        }
        Map<String, Object> all = new HashMap<>(data);
        all.put("nav", nav);
        all.put("session", session);
        // Report figures from a snapshot say how old they are: the oldest shown.
        Arrays.stream(consulted).map(ApiAnswer::snapshotAt).filter(java.util.Objects::nonNull)
                .min(java.time.Instant::compareTo).ifPresent(at -> all.put("figuresAsOf", at.toString()));
        String html = template.data(all).render();
        return timed(Response.status(status).type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8")).entity(html));
    }

    /** A page answered with the status of the API's refusal (a 4xx shows as a page, not as a server error). */
    public static int statusOf(ApiAnswer... answers) {
        return Arrays.stream(answers).filter(a -> !a.ok() && a.status() >= 400 && a.status() < 500)
                .mapToInt(ApiAnswer::status).findFirst().orElse(200);
    }

    public Response timed(Response.ResponseBuilder response) {
        double millis = (System.nanoTime() - started) / 1e6;
        String path = request().path();
        LOG.debugf("console %s %s answered in %.1f ms", request().method(), path, millis);
        StringBuilder timing = new StringBuilder(String.format(Locale.ROOT, "page;dur=%.1f", millis));
        calls.stream().flatMap(c -> c.timings().stream()).limit(TIMED_CALLS)
                .forEach(call -> timing.append(", api;").append(call));
        return response.header("Server-Timing", timing.toString())
                .header("Cache-Control", "no-store").header("Content-Security-Policy", CSP)
                .header("X-Content-Type-Options", "nosniff").header("Referrer-Policy", "same-origin").build();
    }

    static Response toSignIn() {
        return Response.seeOther(URI.create(SIGN_IN)).build();
    }

    /** Where this request arrived: the API is served on the same address and port. */
    private String requestBase() {
        SocketAddress local = request().localAddress();
        String host = local.hostAddress();
        if (host == null || host.isBlank() || host.startsWith("0.0.0.0")) {
            host = "127.0.0.1";
        }
        return "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + local.port();
    }

    private HttpServerRequest request() {
        return current.getCurrent().request();
    }
}
