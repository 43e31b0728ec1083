package dev.tollgate.console;

import io.quarkus.qute.TemplateData;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;

/**
 * What the API answered one call: its status, and its body as JSON when it was JSON. {@code status == 0} when the
 * call itself failed (the API did not answer in time).
 *
 * @param snapshotAt when the answer was asked for, if it is a kept report snapshot ({@link ReportSnapshots}); null for
 *     an answer of this moment
 */
@TemplateData
public record ApiAnswer(String call, int status, JsonNode json, String text, String contentType,
        java.time.Instant snapshotAt) {

    ApiAnswer(String call, int status, JsonNode json, String text, String contentType) {
        this(call, status, json, text, contentType, null);
    }

    /** This answer as a snapshot asked for at {@code at}. */
    ApiAnswer asOf(java.time.Instant at) {
        return new ApiAnswer(call, status, json, text, contentType, at);
    }

    public boolean ok() {
        return status >= 200 && status < 300;
    }

    /** The endpoint does not exist (yet): a report this build does not serve. */
    public boolean missing() {
        return status == 404 || status == 405;
    }

    /** What to tell a person about a refusal: the problem's detail and the fields it names. */
    public String message() {
        if (status == 0) {
            return "The API did not answer " + call + ": " + text;
        }
        StringBuilder out = new StringBuilder(json.path("detail").asText(json.path("title").asText("")));
        for (JsonNode error : json.path("errors")) {
            out.append(out.isEmpty() ? "" : "; ").append(error.path("field").asText(error.path("pointer").asText("")))
                    .append(": ").append(error.path("detail").asText(error.path("message").asText("")));
        }
        return out.isEmpty() ? "The API answered " + status + " to " + call : out.toString();
    }

    static ApiAnswer failed(String call, String why) {
        return new ApiAnswer(call, 0, MissingNode.getInstance(), why, null);
    }
}
