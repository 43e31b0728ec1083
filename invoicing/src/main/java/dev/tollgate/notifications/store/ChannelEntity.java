package dev.tollgate.notifications.store;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Map;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** A notification channel: where events go (a webhook). Its signing secret is sealed; this row alone signs nothing. */
@Entity
@Table(name = "notification_channels")
public class ChannelEntity {

    @Id
    public String id;

    public String namespace;

    public String type;

    public String name;

    public boolean disabled;

    @JdbcTypeCode(SqlTypes.JSON)
    public Map<String, String> metadata;

    public String url;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "custom_headers")
    public Map<String, String> customHeaders;

    @Column(name = "signing_secret")
    public String signingSecretSealed;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "updated_at")
    public Instant updatedAt;

    @Column(name = "deleted_at")
    public Instant deletedAt;

    /** Whether new events are delivered to it. */
    public boolean active() {
        return !disabled && deletedAt == null;
    }
}
