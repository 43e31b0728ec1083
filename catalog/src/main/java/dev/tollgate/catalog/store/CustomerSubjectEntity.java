package dev.tollgate.catalog.store;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * One subject attributed to one customer. Read through JPA; written by {@link CustomerSubjectRepository} with SQL,
 * because claiming a subject must lean on the unique index ({@code ON CONFLICT}) to be safe against races.
 */
@Entity
@Table(name = "customer_subjects")
public class CustomerSubjectEntity {

    @Id
    public Long id;

    public String namespace;

    @Column(name = "subject_key")
    public String subjectKey;

    @Column(name = "customer_id")
    public String customerId;

    /** Set when the customer was deleted: the subject is free for another customer from then on. */
    @Column(name = "released_at")
    public Instant releasedAt;
}
