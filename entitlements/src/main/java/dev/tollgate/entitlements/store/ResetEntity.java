package dev.tollgate.entitlements.store;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

@Entity
@Table(name = "entitlement_resets")
public class ResetEntity {

    @Id
    public String id;

    @Column(name = "entitlement_id")
    public String entitlementId;

    @Column(name = "reset_at")
    public Instant resetAt;

    @Column(name = "retain_anchor")
    public boolean retainAnchor;

    @Column(name = "preserve_overage")
    public boolean preserveOverage;

    @Column(name = "created_at")
    public Instant createdAt;
}
