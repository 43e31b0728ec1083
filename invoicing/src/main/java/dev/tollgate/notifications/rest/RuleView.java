package dev.tollgate.notifications.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.tollgate.notifications.store.ChannelEntity;
import dev.tollgate.notifications.store.RuleEntity;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * OpenMeter's {@code NotificationRule} of any type: the fields of its type are set. Channels are shown as
 * {@code {id, type}}; a list or get shows only the active ones, as OpenMeter does.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record RuleView(String id, String type, String name, Instant createdAt, Instant updatedAt,
        Instant deletedAt, @JsonInclude(JsonInclude.Include.ALWAYS) boolean disabled, Map<String, String> metadata,
        @JsonInclude(JsonInclude.Include.ALWAYS) List<ChannelView.Meta> channels,
        List<RuleEntity.StoredThreshold> thresholds, List<FeatureMeta> features) {

    /** OpenMeter's {@code FeatureMeta}: the id or key the rule was given. */
    public record FeatureMeta(String id, String key) {
    }

    /** OpenMeter's {@code NotificationRulePaginatedResponse}. */
    public record Page(long totalCount, int page, int pageSize, List<RuleView> items) {
    }

    /**
     * @param activeOnly whether to leave out disabled and deleted channels
     */
    static RuleView of(RuleEntity r, Map<String, ChannelEntity> channels, boolean activeOnly) {
        List<ChannelView.Meta> metas = r.channels.stream().filter(id -> channels.containsKey(id)
                && (!activeOnly || channels.get(id).active())).map(id -> new ChannelView.Meta(id,
                        channels.get(id).type)).toList();
        List<FeatureMeta> features = r.features.stream().map(f -> new FeatureMeta(f, f)).toList();
        return new RuleView(r.id, r.type, r.name, r.createdAt, r.updatedAt, r.deletedAt, r.disabled, r.metadata,
                metas, r.thresholds, features);
    }
}
