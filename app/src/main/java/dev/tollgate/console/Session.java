package dev.tollgate.console;

import io.quarkus.qute.TemplateData;
import java.util.List;

/**
 * A signed-in browser: the API key its pages call the API with, the token its forms must carry (CSRF), and what the
 * API said about the key at sign-in (shown, and used only to decide which actions to offer: the API decides).
 */
@TemplateData
public record Session(String apiKey, String csrfToken, String keyName, List<String> scopes) {

    public boolean admin() {
        return scopes.contains("admin");
    }

    public String who() {
        return keyName == null || keyName.isBlank() ? "API key" : keyName;
    }
}
