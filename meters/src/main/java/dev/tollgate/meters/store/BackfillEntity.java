package dev.tollgate.meters.store;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

@Entity
@Table(name = "meter_backfills")
public class BackfillEntity {

    @Id
    @Column(name = "series_id")
    public String seriesId;

    @Column(name = "meter_id")
    public String meterId;

    public int generation;

    public String status;

    @Column(name = "hours_total")
    public int hoursTotal;

    @Column(name = "hours_done")
    public int hoursDone;

    @Column(name = "events_read")
    public long eventsRead;

    public String detail;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "updated_at")
    public Instant updatedAt;
}
