package dev.tollgate.invoicing.store;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.Instant;

/** A customer's Stripe customer under one Stripe app. */
@Entity
@Table(name = "stripe_customers")
@IdClass(StripeCustomerEntity.Key.class)
public class StripeCustomerEntity {

    public record Key(String appId, String customerId) implements Serializable {
        public Key() {
            this(null, null);
        }
    }

    @Id
    @Column(name = "app_id")
    public String appId;

    @Id
    @Column(name = "customer_id")
    public String customerId;

    public String namespace;

    @Column(name = "stripe_customer_id")
    public String stripeCustomerId;

    @Column(name = "default_payment_method_id")
    public String defaultPaymentMethodId;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "updated_at")
    public Instant updatedAt;
}
