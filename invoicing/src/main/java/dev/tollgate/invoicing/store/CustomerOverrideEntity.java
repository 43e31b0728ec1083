package dev.tollgate.invoicing.store;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** A customer's pinned billing profile and workflow settings of its own. */
@Entity
@Table(name = "billing_customer_overrides")
public class CustomerOverrideEntity {

    @Id
    @Column(name = "customer_id")
    public String customerId;

    public String namespace;

    /** Null: the namespace's default profile, whichever it is at the time. */
    @Column(name = "billing_profile_id")
    public String billingProfileId;

    @JdbcTypeCode(SqlTypes.JSON)
    public String workflow;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "updated_at")
    public Instant updatedAt;
}
