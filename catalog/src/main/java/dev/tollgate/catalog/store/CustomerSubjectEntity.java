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

    /** Since when the subject's usage is the customer's; null for "from the beginning". */
    @Column(name = "attributed_from")
    public Instant attributedFrom;

    /**
     * Set when the customer was deleted or the subject was taken off it: the subject is free for another customer
     * from then on, and its usage after that is no longer this customer's.
     */
    @Column(name = "released_at")
    public Instant releasedAt;

    /** Taken off a live customer (not released by its deletion): no longer one of the customer's subjects. */
    public boolean detached;
}
