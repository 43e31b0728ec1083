package dev.tollgate.invoicing.store;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** How far the billing run has turned a subscription into lines, and as the subscription stood when. */
@Entity
@Table(name = "billing_subscription_syncs")
public class SubscriptionSyncEntity {

    @Id
    @Column(name = "subscription_id")
    public String subscriptionId;

    public String namespace;

    @Column(name = "synced_until")
    public Instant syncedUntil;

    @Column(name = "subscription_updated_at")
    public Instant subscriptionUpdatedAt;

    /** When the subscription's next billing period starts; null once it has ended. */
    @Column(name = "next_sync_at")
    public Instant nextSyncAt;
}
