package dev.tollgate.notifications.rest;

import dev.tollgate.shared.paging.Paging;
import dev.tollgate.shared.problem.ApiException;
import dev.tollgate.shared.problem.ValidationError;
import java.util.ArrayList;
import java.util.List;

/** A list's paging and order, read and checked together so that every mistake is reported at once. */
record ListQuery(Paging paging, String orderBy, boolean descending) {

    /**
     * @param allowed the sort fields as the API names them, the default first
     * @param descendingByDefault OpenMeter's order when none is asked for
     */
    static ListQuery read(String page, String pageSize, String orderBy, String order, List<String> allowed,
            boolean descendingByDefault) {
        List<ValidationError> errors = new ArrayList<>();
        Paging paging = Paging.parse(page, pageSize, errors);
        String by = Paging.orderBy(orderBy, allowed, errors);
        boolean descending = order == null ? descendingByDefault : Paging.descending(order, errors);
        if (!errors.isEmpty()) {
            throw ApiException.invalid(errors);
        }
        return new ListQuery(paging, by, descending);
    }
}
