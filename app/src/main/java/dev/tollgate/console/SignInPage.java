package dev.tollgate.console;

import dev.tollgate.shared.auth.BrowserSession;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Signing in with an API key and out again. The key is checked by asking the API who it is; a key that cannot read
 * (ingest only) is refused, since there would be nothing to show it.
 */
@Path("/console")
@BrowserSession
@Produces(MediaType.TEXT_HTML)
public class SignInPage {

    private static final int MAX_KEY_LENGTH = 512;

    private final Visit visit;
    private final Template signIn;

    SignInPage(Visit visit, @Location("console/sign-in.html") Template signIn) {
        this.visit = visit;
        this.signIn = signIn;
    }

    @GET
    @Path("/sign-in")
    public Response form() {
        if (visit.session().isPresent()) {
            return Response.seeOther(URI.create("/console")).build();
        }
        return page(null, 200);
    }

    /**
     * The sign-in form carries a token that must equal the pre-session cookie's (double submit): another site's
     * page cannot read the cookie, so it cannot sign a browser in with its own key (login CSRF).
     */
    private boolean signInTokenMatches(String token) {
        io.vertx.core.http.Cookie cookie = visit.cookie(SessionCookie.SIGN_IN_NAME);
        return cookie != null && token != null && !token.isEmpty() && java.security.MessageDigest.isEqual(
                cookie.getValue().getBytes(java.nio.charset.StandardCharsets.UTF_8),
                token.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    @POST
    @Path("/sign-in")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response signIn(String body) {
        Form form = Form.parse(body);
        String apiKey = form.get("apiKey");
        if (!signInTokenMatches(form.get("csrf"))) {
            return page("This sign-in form is out of date or was not sent by the console. Sign in again.", 403);
        }
        if (!visit.cookies().available()) {
            return page("Sign-in needs tollgate.secrets.master-key (TOLLGATE_SECRETS_MASTER_KEY), which seals the"
                    + " session cookie; scripts/run.sh sets one.", 503);
        }
        String key = apiKey == null ? "" : apiKey.strip();
        if (key.isEmpty() || key.length() > MAX_KEY_LENGTH || !key.chars().allMatch(c -> c > 32 && c < 127)) {
            return page("Enter an API key.", 400);
        }
        ApiAnswer me = visit.api(key).get("/api/v1/api-keys/current").join();
        if (me.status() == 401) {
            return page("This API key is not valid or was revoked.", 401);
        }
        if (me.status() == 403) {
            return page("This API key cannot read (it has the ingest scope only); sign in with a read or admin key.",
                    403);
        }
        if (!me.ok()) {
            return page("The API could not check the key: " + me.message(), 502);
        }
        List<String> scopes = new ArrayList<>();
        me.json().path("scopes").forEach(scope -> scopes.add(scope.asText()));
        Session session = visit.cookies().start(key, me.json().path("name").asText(null), scopes);
        return Response.seeOther(URI.create("/console")).cookie(visit.cookies().write(session, visit.secure()),
                visit.cookies().signInToken("", visit.secure())).build();
    }

    @POST
    @Path("/sign-out")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response signOut(String body) {
        String csrf = Form.parse(body).get("csrf");
        return visit.page(session -> {
            if (!SessionCookie.tokenMatches(session, csrf)) {
                return Forms.refused(visit);
            }
            return Response.seeOther(URI.create(Visit.SIGN_IN)).cookie(visit.cookies().clear(visit.secure()))
                    .build();
        });
    }

    /** The form, with a fresh sign-in token in it and in the pre-session cookie. */
    private Response page(String error, int status) {
        String token = SessionCookie.newToken();
        String html = signIn.data(Map.of("error", error == null ? "" : error, "csrf", token)).render();
        return visit.timed(Response.status(status).type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8")).entity(html)
                .cookie(visit.cookies().signInToken(token, visit.secure())));
    }
}
