package dev.tollgate.notifications.domain;

import java.util.Map;

/** OpenMeter's {@code NotificationChannelCreateRequest}: the body of a create and of a replace. */
public record ChannelDraft(String type, String name, Boolean disabled, Map<String, String> metadata, String url,
        Map<String, String> customHeaders, String signingSecret) {

    public static final String WEBHOOK = "WEBHOOK";
}
