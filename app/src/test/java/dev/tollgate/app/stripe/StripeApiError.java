package dev.tollgate.app.stripe;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * An error answer in Stripe's envelope, {@code {"error":{"type","message","param","code",...}}}. Thrown anywhere in the
 * fake's request pipeline and turned into the HTTP answer by {@link FakeStripe}.
 */
final class StripeApiError extends RuntimeException {

    final int status;
    final String type;
    final String param;
    final String code;
    final String declineCode;

    StripeApiError(int status, String type, String message, String param, String code, String declineCode) {
        super(message, null, false, false);
        this.status = status;
        this.type = type;
        this.param = param;
        this.code = code;
        this.declineCode = declineCode;
    }

    /** 400 invalid_request_error: what Stripe answers for almost every bad parameter. */
    static StripeApiError invalid(String message, String param) {
        return new StripeApiError(400, "invalid_request_error", message, param, null, null);
    }

    static StripeApiError invalid(String message, String param, String code) {
        return new StripeApiError(400, "invalid_request_error", message, param, code, null);
    }

    static StripeApiError unknownParameter(String param) {
        return invalid("Received unknown parameter: " + param, param, "parameter_unknown");
    }

    static StripeApiError missingParameter(String param) {
        return invalid("Missing required param: " + param + ".", param, "parameter_missing");
    }

    /**
     * Stripe answers 404 when the object named in the URL does not exist, but 400 when an object named by a parameter
     * (customer=cus_x) does not; both say "No such customer: 'cus_x'" with code resource_missing.
     */
    static StripeApiError noSuch(String objectName, String id, String param, boolean inPath) {
        return new StripeApiError(inPath ? 404 : 400, "invalid_request_error",
                "No such " + objectName + ": '" + id + "'", param, "resource_missing", null);
    }

    /** The request is valid but the object is in a state that does not allow it (finalize a paid invoice, ...). */
    static StripeApiError state(String message, String code) {
        return new StripeApiError(400, "invalid_request_error", message, null, code, null);
    }

    static StripeApiError authentication(String message) {
        return new StripeApiError(401, "invalid_request_error", message, null, null, null);
    }

    static StripeApiError cardDeclined() {
        return new StripeApiError(402, "card_error", "Your card was declined.", null, "card_declined",
                "generic_decline");
    }

    ObjectNode toJson(String requestId) {
        ObjectNode error = StripeJson.object();
        if (code != null) {
            error.put("code", code);
            error.put("doc_url", "https://stripe.com/docs/error-codes/" + code.replace('_', '-'));
        }
        if (declineCode != null) {
            error.put("decline_code", declineCode);
        }
        error.put("message", getMessage());
        if (param != null) {
            error.put("param", param);
        }
        error.put("request_log_url", "https://dashboard.stripe.com/test/logs/" + requestId);
        error.put("type", type);
        ObjectNode root = StripeJson.object();
        root.set("error", error);
        return root;
    }
}
