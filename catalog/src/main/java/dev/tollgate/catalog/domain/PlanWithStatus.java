package dev.tollgate.catalog.domain;

import dev.tollgate.shared.problem.ValidationError;
import java.util.List;

/**
 * A plan version as a reader sees it now: its status, and for a draft what would stop it being published (OpenMeter's
 * {@code validationErrors}), such as a feature archived since the draft was saved.
 *
 * @param validationErrors null unless the plan is a draft that cannot be published as it stands
 */
public record PlanWithStatus(Plan plan, PlanStatus status, List<ValidationError> validationErrors) {
}
