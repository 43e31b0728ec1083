package dev.tollgate.app.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tollgate.shared.auth.ApiKeySecrets;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A revoked bootstrap admin key stays revoked when the app starts again with the variable still set: the app starts,
 * the key is refused, other keys work, and the log says what to do.
 */
class BootstrapKeyIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aRevokedBootstrapKeyStaysRevokedAcrossARestart() throws Exception {
        Path log = Files.createTempFile("tollgate-bootstrap-it-", ".log");
        int port = CrashRecoveryIT.freePort();
        String secret = "tg_it_bootstrap_" + java.util.UUID.randomUUID().toString().replace("-", "");
        Map<String, String> settings = Map.of("tollgate.auth.bootstrap-admin-key", secret);
        String replacement;
        try (AppProcess app = new AppProcess(port, settings, log).start()) {
            HttpResponse<String> created = call(app, secret, "POST", "/api/v1/api-keys",
                    "{\"name\":\"replacement\",\"scopes\":[\"admin\"]}");
            assertThat(created.statusCode()).isEqualTo(201);
            replacement = JSON.readTree(created.body()).path("secret").asText();
            String bootstrapId = null;
            for (var key : JSON.readTree(call(app, secret, "GET", "/api/v1/api-keys", null).body())) {
                if (key.path("name").asText().equals("bootstrap-admin") && !key.hasNonNull("revokedAt")
                        && key.path("prefix").asText().equals(ApiKeySecrets.displayPrefix(secret))) {
                    bootstrapId = key.path("id").asText();
                }
            }
            assertThat(bootstrapId).isNotNull();
            assertThat(call(app, replacement, "DELETE", "/api/v1/api-keys/" + bootstrapId, null).statusCode())
                    .isEqualTo(204);
        }

        try (AppProcess restarted = new AppProcess(port, settings, log).start()) {
            assertThat(restarted.managementGet("/q/health/ready")).isEqualTo(200);
            assertThat(call(restarted, secret, "GET", "/api/v1/meters", null).statusCode()).isEqualTo(401);
            assertThat(call(restarted, replacement, "GET", "/api/v1/meters", null).statusCode()).isEqualTo(200);
        }
        assertThat(Files.readString(log)).contains("was revoked", "stays revoked");
    }

    private static HttpResponse<String> call(AppProcess app, String key, String method, String path, String body)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(app.baseUri() + path))
                .header("Authorization", "Bearer " + key).timeout(Duration.ofSeconds(10));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body));
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
