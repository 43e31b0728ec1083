package dev.tollgate.meters.api;

import java.util.List;
import java.util.Optional;

/** Meter definitions, as other modules read them. */
public interface Meters {

    /** The live meter of the namespace with this id or slug. */
    Optional<Meter> findLive(String namespace, String idOrSlug);

    /** The namespace's meters, the deleted ones too if asked. */
    List<Meter> list(String namespace, boolean includeDeleted);
}
