package dev.tollgate.finance.store;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.math.BigDecimal;
import java.time.Instant;

/** One LLM price; never updated once it takes effect (V2026_12_05_17). */
@Entity
@Table(name = "llm_cost_prices")
public class LlmPriceEntity {

    @Id
    public String id;

    public String namespace;

    public String provider;

    @Column(name = "model_id")
    public String modelId;

    @Column(name = "model_name")
    public String modelName;

    public String currency;

    @Column(name = "input_per_token")
    public BigDecimal inputPerToken;

    @Column(name = "output_per_token")
    public BigDecimal outputPerToken;

    @Column(name = "cache_read_per_token")
    public BigDecimal cacheReadPerToken;

    @Column(name = "cache_write_per_token")
    public BigDecimal cacheWritePerToken;

    @Column(name = "reasoning_per_token")
    public BigDecimal reasoningPerToken;

    @Column(name = "effective_from")
    public Instant effectiveFrom;

    @Column(name = "effective_to")
    public Instant effectiveTo;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "updated_at")
    public Instant updatedAt;

    @Column(name = "deleted_at")
    public Instant deletedAt;
}
