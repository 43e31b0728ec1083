package dev.tollgate.invoicing.store;

import dev.tollgate.invoicing.domain.InvoiceQuery;
import dev.tollgate.invoicing.domain.InvoiceStatus;
import dev.tollgate.shared.paging.Paging;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Invoices by OpenMeter's list filters. */
@ApplicationScoped
public class InvoiceSearch {

    private final InvoiceRepository invoices;

    InvoiceSearch(InvoiceRepository invoices) {
        this.invoices = invoices;
    }

    public Paging.Page<InvoiceEntity> find(String namespace, InvoiceQuery query, Paging paging) {
        List<String> where = new ArrayList<>(List.of("namespace = :namespace"));
        Parameters params = Parameters.with("namespace", namespace);
        if (!query.includeDeleted()) {
            where.add("deletedAt is null");
        }
        List<String> statuses = new ArrayList<>(query.extendedStatuses());
        for (String category : query.statuses()) {
            Arrays.stream(InvoiceStatus.values()).filter(s -> s.category().equals(category))
                    .forEach(s -> statuses.add(s.wireName()));
        }
        if (!query.statuses().isEmpty() || !query.extendedStatuses().isEmpty()) {
            where.add("status in :statuses");
            params.and("statuses", statuses.isEmpty() ? List.of("-") : statuses);
        }
        if (!query.customers().isEmpty()) {
            where.add("customerId in :customers");
            params.and("customers", query.customers());
        }
        range(where, params, "issuedAt", query.issuedAfter(), query.issuedBefore());
        range(where, params, "periodFrom", query.periodStartAfter(), query.periodStartBefore());
        range(where, params, "createdAt", query.createdAfter(), query.createdBefore());
        String column = switch (query.orderBy()) {
            case "issuedAt" -> "issuedAt";
            case "status" -> "status";
            case "updatedAt" -> "updatedAt";
            case "periodStart" -> "periodFrom";
            case "customer.name" -> "customerId";
            default -> "createdAt";
        };
        Sort sort = Sort.by(column, query.descending() ? Sort.Direction.Descending : Sort.Direction.Ascending)
                .and("id", query.descending() ? Sort.Direction.Descending : Sort.Direction.Ascending);
        var found = invoices.find(String.join(" and ", where), sort, params);
        long total = found.count();
        List<InvoiceEntity> items = found.page(paging.page() - 1, paging.pageSize()).list();
        return new Paging.Page<>(items, total);
    }

    private static void range(List<String> where, Parameters params, String field, java.time.Instant after,
            java.time.Instant before) {
        if (after != null) {
            where.add(field + " >= :" + field + "After");
            params.and(field + "After", after);
        }
        if (before != null) {
            where.add(field + " < :" + field + "Before");
            params.and(field + "Before", before);
        }
    }
}
