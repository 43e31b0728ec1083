package dev.tollgate.meters.store;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Map;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

@Entity
@Table(name = "meters")
public class MeterEntity {

    @Id
    public String id;

    public String namespace;

    public String slug;

    public String name;

    public String description;

    public String aggregation;

    @Column(name = "event_type")
    public String eventType;

    @Column(name = "event_from")
    public Instant eventFrom;

    @Column(name = "value_property")
    public String valueProperty;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "group_by")
    public Map<String, String> groupBy;

    @JdbcTypeCode(SqlTypes.JSON)
    public Map<String, String> metadata;

    public int generation;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "updated_at")
    public Instant updatedAt;

    @Column(name = "deleted_at")
    public Instant deletedAt;
}
