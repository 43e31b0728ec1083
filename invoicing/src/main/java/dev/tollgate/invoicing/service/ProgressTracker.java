package dev.tollgate.invoicing.service;

import com.github.f4b6a3.ulid.UlidCreator;
import dev.tollgate.invoicing.api.Progress;
import dev.tollgate.invoicing.store.ProgressEntity;
import dev.tollgate.invoicing.store.ProgressRepository;
import dev.tollgate.shared.problem.ApiException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;

/**
 * Stores the progress of long runs, each write in its own transaction, so that a reader sees it while the run goes
 * on and a killed run leaves its last count behind.
 */
@ApplicationScoped
public class ProgressTracker {

    /** The namespace of runs that work for every namespace, such as the scheduled billing run. */
    public static final String ALL_NAMESPACES = "*";

    private final ProgressRepository progress;
    private final Clock clock;

    ProgressTracker(ProgressRepository progress, Clock clock) {
        this.progress = progress;
        this.clock = clock;
    }

    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public String start(String namespace, String kind) {
        ProgressEntity e = new ProgressEntity();
        e.id = UlidCreator.getMonotonicUlid().toString();
        e.namespace = namespace == null ? ALL_NAMESPACES : namespace;
        e.kind = kind;
        e.startedAt = clock.instant();
        e.updatedAt = e.startedAt;
        progress.persist(e);
        return e.id;
    }

    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public void update(String id, long total, long success, long failed, boolean finished) {
        ProgressEntity e = progress.findById(id);
        Instant now = clock.instant();
        e.total = total;
        e.success = success;
        e.failed = failed;
        e.updatedAt = now;
        e.finishedAt = finished ? now : null;
    }

    @Transactional
    public java.util.Optional<Instant> lastCleanStart(String kind) {
        return progress.lastCleanStart(kind);
    }

    @Transactional
    public Progress get(String namespace, String id) {
        ProgressEntity e = progress.findByIdOptional(id)
                .filter(p -> p.namespace.equals(namespace) || p.namespace.equals(ALL_NAMESPACES))
                .orElseThrow(() -> ApiException.notFound("progress '" + id + "' does not exist"));
        return new Progress(e.id, e.success, e.failed, e.total, e.updatedAt, e.finishedAt);
    }
}
