package dev.tollgate.invoicing.store;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** An installed app (Stripe). Its secrets are sealed (see SecretBox): this row alone opens nothing. */
@Entity
@Table(name = "apps")
public class AppEntity {

    @Id
    public String id;

    public String namespace;

    public String type;

    public String name;

    public String description;

    @JdbcTypeCode(SqlTypes.JSON)
    public String metadata;

    public String status;

    @Column(name = "api_base")
    public String apiBase;

    @Column(name = "stripe_account_id")
    public String stripeAccountId;

    public boolean livemode;

    @Column(name = "masked_api_key")
    public String maskedApiKey;

    @Column(name = "api_key_sealed")
    public String apiKeySealed;

    @Column(name = "webhook_endpoint_id")
    public String webhookEndpointId;

    @Column(name = "webhook_secret_sealed")
    public String webhookSecretSealed;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "updated_at")
    public Instant updatedAt;

    @Column(name = "deleted_at")
    public Instant deletedAt;
}
