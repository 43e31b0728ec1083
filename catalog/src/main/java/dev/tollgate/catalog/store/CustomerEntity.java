package dev.tollgate.catalog.store;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Map;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

@Entity
@Table(name = "customers")
public class CustomerEntity {

    @Id
    public String id;

    public String namespace;

    public String key;

    public String name;

    public String description;

    @Column(name = "primary_email")
    public String primaryEmail;

    public String currency;

    /** The address's fields by their JSON names; null when the customer has none. */
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "billing_address")
    public Map<String, String> billingAddress;

    @Column(name = "parent_customer_id")
    public String parentCustomerId;

    @Column(name = "stripe_customer_id")
    public String stripeCustomerId;

    @JdbcTypeCode(SqlTypes.JSON)
    public Map<String, String> metadata;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "updated_at")
    public Instant updatedAt;

    @Column(name = "deleted_at")
    public Instant deletedAt;
}
