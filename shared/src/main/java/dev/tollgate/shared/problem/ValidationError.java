package dev.tollgate.shared.problem;

/**
 * One invalid input, named by its JSON path (for example {@code [2].subject}) so that a client can point at it. The message
 * reads on its own and names the field too, because it becomes the problem's detail.
 */
public record ValidationError(String field, String code, String message) {

    /** The message is read after the field's name, as in {@code error("name", "required", "is required")}. */
    public static ValidationError error(String field, String code, String message) {
        return new ValidationError(field, code, field + " " + message);
    }
}
