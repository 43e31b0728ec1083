package dev.tollgate.notifications.webhook;

/**
 * A webhook URL that Tollgate refuses to send to. The {@link #reason()} is a stable code for the API and the delivery
 * log; the message is for people and names what is wrong, such as "resolves to 127.0.0.1, a loopback address".
 */
public class OutboundTargetException extends Exception {

    /** Why a target is refused, with the code the API reports. */
    public enum Reason {
        /** Not an absolute http(s) URL with a host, or with a user name or password, or too long. */
        INVALID_URL("invalid_url"),
        /** The host name does not resolve. */
        UNRESOLVABLE("unresolvable"),
        /** The host resolves to an internal address (loopback, private, link-local and the like). */
        DISALLOWED_TARGET("disallowed_target");

        private final String code;

        Reason(String code) {
            this.code = code;
        }

        public String code() {
            return code;
        }
    }

    private final Reason reason;

    public OutboundTargetException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }

    /** The stable code of the reason, such as {@code disallowed_target}. */
    public String reasonCode() {
        return reason.code();
    }
}
