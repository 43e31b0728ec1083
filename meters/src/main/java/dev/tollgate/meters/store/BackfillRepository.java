package dev.tollgate.meters.store;

import dev.tollgate.meters.domain.Backfill;
import dev.tollgate.meters.api.Meter;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Meter backfills in PostgreSQL: one row per meter generation that must be folded from the raw event store. */
@ApplicationScoped
public class BackfillRepository implements PanacheRepositoryBase<BackfillEntity, String> {

    public void open(Meter meter, Instant now) {
        BackfillEntity e = new BackfillEntity();
        e.seriesId = meter.seriesId();
        e.meterId = meter.id();
        e.generation = meter.generation();
        e.status = Backfill.Status.WAITING.name();
        e.createdAt = now;
        e.updatedAt = now;
        persist(e);
    }

    public List<Backfill> listOpen() {
        return list("status in ?1 order by createdAt", List.of(Backfill.Status.WAITING.name(),
                Backfill.Status.RUNNING.name())).stream().map(BackfillRepository::toDomain).toList();
    }

    public Optional<Backfill> latest(String meterId) {
        return find("meterId = ?1 order by generation desc", meterId).firstResultOptional()
                .map(BackfillRepository::toDomain);
    }

    /** Every open backfill of the meter ends: its generation no longer serves queries. */
    public void cancelOpen(String meterId, String why, Instant now) {
        update("status = ?1, detail = ?2, updatedAt = ?3 where meterId = ?4 and status in ?5",
                Backfill.Status.CANCELLED.name(), why, now, meterId,
                List.of(Backfill.Status.WAITING.name(), Backfill.Status.RUNNING.name()));
    }

    public void progress(String seriesId, Backfill.Status status, int hoursTotal, int hoursDone, long eventsRead,
            String detail, Instant now) {
        update("status = ?1, hoursTotal = ?2, hoursDone = ?3, eventsRead = ?4, detail = ?5, updatedAt = ?6"
                + " where seriesId = ?7", status.name(), hoursTotal, hoursDone, eventsRead, detail, now, seriesId);
    }

    static Backfill toDomain(BackfillEntity e) {
        return new Backfill(e.seriesId, e.meterId, e.generation, Backfill.Status.valueOf(e.status), e.hoursTotal,
                e.hoursDone, e.eventsRead, e.detail, e.createdAt, e.updatedAt);
    }
}
