package dev.tollgate.notifications.domain;

import static dev.tollgate.shared.problem.ValidationError.error;

import dev.tollgate.notifications.webhook.WebhookClient;
import dev.tollgate.notifications.webhook.WebhookSecrets;
import dev.tollgate.shared.problem.MetadataRules;
import dev.tollgate.shared.problem.ValidationError;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** What a channel must be, before its URL is resolved: the target check comes after, in the service. */
public final class ChannelRules {

    public static final int MAX_HEADERS = 32;
    private static final Pattern HEADER_NAME = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]{1,256}");

    private ChannelRules() {
    }

    public static List<ValidationError> check(ChannelDraft draft) {
        List<ValidationError> errors = new ArrayList<>();
        if (draft.type() == null) {
            errors.add(error("type", "required", "is required: WEBHOOK"));
        } else if (!ChannelDraft.WEBHOOK.equals(draft.type())) {
            errors.add(error("type", "invalid", "must be WEBHOOK, not '" + draft.type() + "'"));
        }
        name(draft.name(), errors);
        MetadataRules.check("metadata", draft.metadata(), errors);
        if (draft.url() == null || draft.url().isBlank()) {
            errors.add(error("url", "required", "is required"));
        }
        if (draft.signingSecret() != null && !WebhookSecrets.isValid(draft.signingSecret())) {
            errors.add(error("signingSecret", "invalid", "must be whsec_ followed by the base64 of 24 to 64 random"
                    + " bytes, as Standard Webhooks secrets are"));
        }
        headers(draft.customHeaders(), errors);
        return errors;
    }

    static void name(String name, List<ValidationError> errors) {
        if (name == null || name.isBlank()) {
            errors.add(error("name", "required", "is required"));
        } else if (name.length() > 256) {
            errors.add(error("name", "too_long", "must be at most 256 characters"));
        }
    }

    private static void headers(Map<String, String> headers, List<ValidationError> errors) {
        if (headers == null) {
            return;
        }
        if (headers.size() > MAX_HEADERS) {
            errors.add(error("customHeaders", "too_many", "may hold at most " + MAX_HEADERS + " headers"));
            return;
        }
        headers.forEach((name, value) -> {
            String field = "customHeaders." + name;
            if (!HEADER_NAME.matcher(name).matches()) {
                errors.add(error(field, "invalid", "is not a valid HTTP header name"));
            } else if (WebhookClient.isReservedHeader(name)) {
                errors.add(error(field, "reserved", "is set by Tollgate (signature and framing headers cannot be"
                        + " overridden)"));
            } else if (value == null || value.length() > 4096 || value.chars().anyMatch(c -> c < 0x20 && c != '\t'
                    || c == 0x7f)) {
                errors.add(error(field, "invalid", "must be a header value of at most 4096 characters without"
                        + " control characters"));
            }
        });
    }
}
