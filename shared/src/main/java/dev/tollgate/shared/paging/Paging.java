package dev.tollgate.shared.paging;

import static dev.tollgate.shared.problem.ValidationError.error;

import dev.tollgate.shared.problem.ValidationError;
import java.util.List;

/** OpenMeter's {@code page} (from 1) and {@code pageSize} query parameters, as every catalog list takes them. */
public record Paging(int page, int pageSize) {

    public static final int DEFAULT_PAGE_SIZE = 100;
    public static final int MAX_PAGE_SIZE = 1000;
    /** Keeps the row offset, page times page size, within an int. */
    public static final int MAX_PAGE = 1_000_000;

    /** One page of a list, and how many items the whole list has. */
    public record Page<T>(List<T> items, long totalCount) {
    }

    /** The paging asked for, OpenMeter's defaults for what is absent; unreadable values are reported in errors. */
    public static Paging parse(String page, String pageSize, List<ValidationError> errors) {
        return new Paging(number("page", page, 1, MAX_PAGE, 1, errors),
                number("pageSize", pageSize, 1, MAX_PAGE_SIZE, DEFAULT_PAGE_SIZE, errors));
    }

    /** {@code ASC} (the default) or {@code DESC}, in any case; true for descending. */
    public static boolean descending(String order, List<ValidationError> errors) {
        if (order == null || order.equalsIgnoreCase("ASC")) {
            return false;
        }
        if (order.equalsIgnoreCase("DESC")) {
            return true;
        }
        errors.add(error("order", "invalid", "must be ASC or DESC, not '" + order + "'"));
        return false;
    }

    /** The sort field asked for, or the first allowed one by default; an unknown one is reported in errors. */
    public static String orderBy(String orderBy, List<String> allowed, List<ValidationError> errors) {
        if (orderBy == null) {
            return allowed.get(0);
        }
        if (!allowed.contains(orderBy)) {
            errors.add(error("orderBy", "invalid", "must be one of " + allowed + ", not '" + orderBy + "'"));
            return allowed.get(0);
        }
        return orderBy;
    }

    public int offset() {
        return (page - 1) * pageSize;
    }

    private static int number(String field, String value, int min, int max, int fallback,
            List<ValidationError> errors) {
        if (value == null) {
            return fallback;
        }
        try {
            int number = Integer.parseInt(value);
            if (number >= min && number <= max) {
                return number;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        errors.add(error(field, "invalid", "must be a whole number from " + min
                + " to " + max + ", not '" + value + "'"));
        return fallback;
    }
}
