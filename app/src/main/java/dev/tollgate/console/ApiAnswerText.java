package dev.tollgate.console;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

/** The problem detail of a raw (download) answer, for a person. */
final class ApiAnswerText {

    private ApiAnswerText() {
    }

    static String detail(HttpResponse<byte[]> answer) {
        try {
            return ApiClient.JSON.readTree(new String(answer.body(), StandardCharsets.UTF_8)).path("detail")
                    .asText("");
        } catch (IOException e) {
            return "";
        }
    }
}
