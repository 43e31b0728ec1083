package dev.tollgate.notifications.store;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** A notification rule: which events, for which features, to which channels. */
@Entity
@Table(name = "notification_rules")
public class RuleEntity {

    /** A threshold as given: its type is kept as sent, legacy {@code PERCENT} and {@code NUMBER} included. */
    public record StoredThreshold(String type, BigDecimal value) {
    }

    @Id
    public String id;

    public String namespace;

    public String type;

    public String name;

    public boolean disabled;

    @JdbcTypeCode(SqlTypes.JSON)
    public Map<String, String> metadata;

    @JdbcTypeCode(SqlTypes.JSON)
    public List<StoredThreshold> thresholds;

    @JdbcTypeCode(SqlTypes.JSON)
    public List<String> features;

    @JdbcTypeCode(SqlTypes.JSON)
    public List<String> channels;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "updated_at")
    public Instant updatedAt;

    @Column(name = "deleted_at")
    public Instant deletedAt;

    public boolean active() {
        return !disabled && deletedAt == null;
    }
}
