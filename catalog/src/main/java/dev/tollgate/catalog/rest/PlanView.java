package dev.tollgate.catalog.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.tollgate.catalog.domain.Plan;
import dev.tollgate.catalog.domain.PlanPhase;
import dev.tollgate.catalog.domain.PlanProRating;
import dev.tollgate.catalog.domain.PlanStatus;
import dev.tollgate.catalog.domain.PlanWithStatus;
import dev.tollgate.shared.problem.ValidationError;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A plan version in OpenMeter's v1 JSON shape. {@code validationErrors} is null unless the version is a draft that
 * could not be published as it stands.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@JsonPropertyOrder({"id", "key", "version", "name", "description", "metadata", "currency", "billingCadence",
    "proRatingConfig", "status", "effectiveFrom", "effectiveTo", "phases", "validationErrors", "createdAt",
    "updatedAt", "deletedAt"})
public record PlanView(String id, String key, int version, String name, String description,
        Map<String, String> metadata, String currency, String billingCadence, PlanProRating proRatingConfig,
        PlanStatus status, Instant effectiveFrom, Instant effectiveTo,
        @JsonInclude(JsonInclude.Include.ALWAYS) List<PlanPhase> phases,
        @JsonInclude(JsonInclude.Include.ALWAYS) List<ValidationError> validationErrors, Instant createdAt,
        Instant updatedAt, Instant deletedAt) {

    static PlanView of(PlanWithStatus found) {
        Plan p = found.plan();
        return new PlanView(p.id(), p.key(), p.version(), p.name(), p.description(), p.metadata(), p.currency(),
                p.billingCadence(), p.proRatingConfig(), found.status(), p.effectiveFrom(), p.effectiveTo(),
                p.phases(), found.validationErrors(), p.createdAt(), p.updatedAt(), p.deletedAt());
    }
}
