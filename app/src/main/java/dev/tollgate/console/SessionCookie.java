package dev.tollgate.console;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tollgate.shared.secrets.SecretBox;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.NewCookie;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * Keeps a browser's {@link Session} in one cookie, sealed with AES-GCM ({@link SecretBox}): the browser holds the key
 * but cannot read or alter it, and the server keeps no session state, so any instance serves any page. The cookie is
 * HttpOnly (no script reads it), SameSite=Strict (no other site's page sends it) and lives for the browser session.
 */
@ApplicationScoped
public class SessionCookie {

    public static final String NAME = "tollgate_console";
    /** The pre-session cookie holding the sign-in form's token. */
    public static final String SIGN_IN_NAME = "tollgate_console_sign_in";
    static final String PATH = "/console";
    private static final String CONTEXT = "console/session";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final SecretBox box;
    private final ObjectMapper json = new ObjectMapper();

    SessionCookie(SecretBox box) {
        this.box = box;
    }

    /** Whether sessions can be sealed at all: without a master key there is no sign-in. */
    public boolean available() {
        return box.canSeal();
    }

    public Session start(String apiKey, String keyName, List<String> scopes) {
        return new Session(apiKey, newToken(), keyName, scopes);
    }

    static String newToken() {
        byte[] token = new byte[24];
        RANDOM.nextBytes(token);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(token);
    }

    /** The sign-in form's token as a cookie only the sign-in page gets; an empty one clears it. */
    public NewCookie signInToken(String token, boolean secure) {
        return new NewCookie.Builder(SIGN_IN_NAME).value(token).path(Visit.SIGN_IN).httpOnly(true).secure(secure)
                .maxAge(token.isEmpty() ? 0 : -1).sameSite(NewCookie.SameSite.STRICT).build();
    }

    public NewCookie write(Session session, boolean secure) {
        try {
            String sealed = box.seal(json.writeValueAsString(session), CONTEXT);
            return cookie(sealed.replace(':', '.'), secure, -1);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public NewCookie clear(boolean secure) {
        return cookie("", secure, 0);
    }

    /** The session a cookie holds; empty when there is none or it does not open (another key, tampered, garbage). */
    public Optional<Session> read(String cookie) {
        if (cookie == null || cookie.isBlank() || !box.canSeal()) {
            return Optional.empty();
        }
        try {
            Session session = json.readValue(box.open(cookie.replace('.', ':'), CONTEXT), Session.class);
            return session.apiKey() == null || session.csrfToken() == null ? Optional.empty() : Optional.of(session);
        } catch (JsonProcessingException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** Whether a form carried the session's token; compared in constant time. */
    public static boolean tokenMatches(Session session, String token) {
        return token != null && MessageDigest.isEqual(session.csrfToken().getBytes(StandardCharsets.UTF_8),
                token.getBytes(StandardCharsets.UTF_8));
    }

    private static NewCookie cookie(String value, boolean secure, int maxAge) {
        // No Max-Age on a live session: the cookie ends with the browser session.
        return new NewCookie.Builder(NAME).value(value).path(PATH).httpOnly(true).secure(secure).maxAge(maxAge)
                .sameSite(NewCookie.SameSite.STRICT).build();
    }
}
