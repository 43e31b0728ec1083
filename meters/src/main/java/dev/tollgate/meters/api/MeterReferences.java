package dev.tollgate.meters.api;

import java.util.List;

/**
 * What else refers to a meter, so that a meter still in use is not deleted from under it. Modules that build on meters
 * (the catalog's features) implement it; meters depend on none of them.
 */
public interface MeterReferences {

    /** Human-readable names of the live things that use the meter, such as {@code feature 'api_requests'}. */
    List<String> usersOf(String namespace, String meterSlug);
}
