package dev.tollgate.meters.backfill;

import dev.tollgate.meters.domain.Backfill;
import dev.tollgate.meters.api.Meter;
import dev.tollgate.meters.store.BackfillRepository;
import dev.tollgate.meters.store.MeterRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/** The backfills' state in PostgreSQL, each step in its own short transaction. */
@ApplicationScoped
public class BackfillLedger {

    private final BackfillRepository backfills;
    private final MeterRepository meters;
    private final Clock clock;

    BackfillLedger(BackfillRepository backfills, MeterRepository meters, Clock clock) {
        this.backfills = backfills;
        this.meters = meters;
        this.clock = clock;
    }

    @Transactional
    public List<Backfill> open() {
        return backfills.listOpen();
    }

    @Transactional
    public Optional<Meter> meter(String meterId) {
        return meters.findById(meterId, true);
    }

    @Transactional
    public void progress(Backfill backfill, Backfill.Status status, int hoursTotal, int hoursDone, long eventsRead,
            String detail) {
        backfills.progress(backfill.seriesId(), status, hoursTotal, hoursDone, eventsRead, detail, clock.instant());
    }

    @Transactional
    public void cancel(Backfill backfill, String why) {
        backfills.progress(backfill.seriesId(), Backfill.Status.CANCELLED, backfill.hoursTotal(),
                backfill.hoursDone(), backfill.eventsRead(), why, clock.instant());
    }
}
