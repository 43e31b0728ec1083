package dev.tollgate.entitlements.rest;

import dev.tollgate.shared.paging.Paging;
import dev.tollgate.shared.problem.ApiException;
import dev.tollgate.shared.problem.ValidationError;
import java.util.ArrayList;
import java.util.List;

/** OpenMeter's list parameters, read once for every entitlement and grant list. */
record ListParameters(Paging paging, String orderBy, boolean descending) {

    static ListParameters read(String page, String pageSize, String orderBy, String order, List<String> allowed) {
        List<ValidationError> errors = new ArrayList<>();
        ListParameters parameters = new ListParameters(Paging.parse(page, pageSize, errors),
                Paging.orderBy(orderBy, allowed, errors), Paging.descending(order, errors));
        if (!errors.isEmpty()) {
            throw ApiException.invalid(errors);
        }
        return parameters;
    }
}
