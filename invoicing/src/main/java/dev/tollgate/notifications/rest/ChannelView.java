package dev.tollgate.notifications.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.tollgate.notifications.store.ChannelEntity;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** OpenMeter's {@code NotificationChannelWebhook}. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record ChannelView(String id, String type, String name, Instant createdAt, Instant updatedAt,
        Instant deletedAt, @JsonInclude(JsonInclude.Include.ALWAYS) boolean disabled, Map<String, String> metadata,
        String url, Map<String, String> customHeaders, String signingSecret) {

    /** OpenMeter's {@code NotificationChannelPaginatedResponse}. */
    public record Page(long totalCount, int page, int pageSize, List<ChannelView> items) {
    }

    /** OpenMeter's {@code NotificationChannelMeta}. */
    public record Meta(String id, String type) {
    }

    static ChannelView of(ChannelEntity c, String signingSecret) {
        return new ChannelView(c.id, c.type, c.name, c.createdAt, c.updatedAt, c.deletedAt, c.disabled, c.metadata,
                c.url, c.customHeaders, signingSecret);
    }
}
