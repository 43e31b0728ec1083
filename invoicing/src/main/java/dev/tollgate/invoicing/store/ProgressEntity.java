package dev.tollgate.invoicing.store;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** How far a long run is: items done, failed, and to do. */
@Entity
@Table(name = "billing_progress")
public class ProgressEntity {

    @Id
    public String id;

    public String namespace;

    public String kind;

    public long total;

    public long success;

    public long failed;

    @Column(name = "started_at")
    public Instant startedAt;

    @Column(name = "updated_at")
    public Instant updatedAt;

    @Column(name = "finished_at")
    public Instant finishedAt;
}
