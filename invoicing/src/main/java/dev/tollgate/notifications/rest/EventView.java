package dev.tollgate.notifications.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tollgate.notifications.service.EventService;
import dev.tollgate.notifications.store.ChannelEntity;
import dev.tollgate.notifications.store.DeliveryRepository;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** OpenMeter's {@code NotificationEvent}: the payload sent, and each channel's delivery with its attempts. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record EventView(String id, String type, Instant createdAt, RuleView rule,
        @JsonInclude(JsonInclude.Include.ALWAYS) List<DeliveryStatus> deliveryStatus, JsonNode payload,
        JsonNode annotations) {

    /** OpenMeter's {@code NotificationEventDeliveryStatus}. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record DeliveryStatus(String state, String reason, Instant updatedAt, ChannelView.Meta channel,
            JsonNode annotations, Instant nextAttempt, List<Attempt> attempts) {
    }

    /** OpenMeter's {@code NotificationEventDeliveryAttempt}. */
    public record Attempt(String state, Instant timestamp, Response response) {
    }

    /** OpenMeter's {@code EventDeliveryAttemptResponse}. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Response(Integer statusCode, String body, long durationMs, String url) {
    }

    /** OpenMeter's {@code NotificationEventPaginatedResponse}. */
    public record Page(long totalCount, int page, int pageSize, List<EventView> items) {
    }

    static EventView of(EventService.EventRecord r, Map<String, ChannelEntity> channels, ObjectMapper mapper) {
        List<DeliveryStatus> statuses = r.deliveries().stream().map(d -> new DeliveryStatus(d.state(), d.reason(),
                d.updatedAt(), new ChannelView.Meta(d.channelId(), channels.containsKey(d.channelId())
                        ? channels.get(d.channelId()).type : "WEBHOOK"), emptyToNull(json(mapper, d.annotations())),
                d.nextAttemptAt(), r.attempts().getOrDefault(d.eventId() + "/" + d.channelId(), List.of()).stream()
                        .map(EventView::attempt).toList())).toList();
        return new EventView(r.event().id(), r.event().type(), r.event().createdAt(), RuleView.of(r.rule(), channels,
                true), statuses, json(mapper, r.event().payload()), json(mapper, r.event().annotations()));
    }

    private static Attempt attempt(DeliveryRepository.AttemptRow a) {
        return new Attempt(a.state(), a.at(), new Response(a.statusCode(), a.body(), a.durationMs(), a.url()));
    }

    private static JsonNode emptyToNull(JsonNode node) {
        return node == null || node.isEmpty() ? null : node;
    }

    private static JsonNode json(ObjectMapper mapper, String text) {
        try {
            return text == null ? null : mapper.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
