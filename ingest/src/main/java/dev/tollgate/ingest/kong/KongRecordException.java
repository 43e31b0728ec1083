package dev.tollgate.ingest.kong;

/**
 * A Kong http-log body or record that cannot be mapped. The index lets the caller point at the bad record in a batch.
 */
public class KongRecordException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int index;
    private final String reason;

    /**
     * @param index the position of the record in the body (0 for a body holding one object), or -1 when the body as
     *        a whole is wrong
     * @param message what is wrong, without the position: {@link #getMessage()} adds it
     */
    public KongRecordException(int index, String message) {
        super((index < 0 ? "body: " : "record " + index + ": ") + message);
        this.index = index;
        this.reason = message;
    }

    /** The record's position in the body, or -1 for the whole body. */
    public int index() {
        return index;
    }

    /** What is wrong, without the position. */
    public String reason() {
        return reason;
    }
}
