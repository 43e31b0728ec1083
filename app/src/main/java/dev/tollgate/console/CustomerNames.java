package dev.tollgate.console;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * The names of the customers a report page shows, asked of the API one customer at a time and all at once: the API has
 * no lookup of many customers by id, so a page names only the few it shows first ({@link #LIMIT}). The names are kept
 * with the page's report snapshots ({@link ApiClient.Calls#report}): a report a minute old names its customers as they
 * were named then, and reloading the page does not ask for each name again.
 */
final class CustomerNames {

    static final int LIMIT = 25;

    private final Map<String, CompletableFuture<ApiAnswer>> asked = new LinkedHashMap<>();

    private CustomerNames() {
    }

    static CustomerNames ask(ApiClient.Calls api, List<String> ids) {
        CustomerNames names = new CustomerNames();
        Set<String> distinct = new LinkedHashSet<>();
        ids.stream().filter(id -> id != null && !id.isBlank() && id.length() <= 64).forEach(distinct::add);
        distinct.stream().limit(LIMIT).forEach(id -> names.asked.put(id,
                api.report("/api/v1/customers/" + ApiClient.segment(id))));
        return names;
    }

    /** Each customer asked about, by id, to its name (its id when the API did not say). */
    Map<String, String> join() {
        Map<String, String> names = new LinkedHashMap<>();
        asked.forEach((id, call) -> {
            ApiAnswer answer = call.join();
            names.put(id, answer.ok() ? answer.json().path("name").asText(id) : id);
        });
        return names;
    }
}
