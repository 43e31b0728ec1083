package dev.tollgate.notifications.service;

import com.github.f4b6a3.ulid.UlidCreator;
import dev.tollgate.notifications.domain.ChannelDraft;
import dev.tollgate.notifications.domain.ChannelRules;
import dev.tollgate.notifications.store.ChannelEntity;
import dev.tollgate.notifications.store.ChannelRepository;
import dev.tollgate.notifications.store.RuleRepository;
import dev.tollgate.notifications.webhook.OutboundTargetException;
import dev.tollgate.notifications.webhook.OutboundTargets;
import dev.tollgate.notifications.webhook.WebhookSecrets;
import dev.tollgate.shared.paging.Paging;
import dev.tollgate.shared.problem.ApiException;
import dev.tollgate.shared.problem.ValidationError;
import dev.tollgate.shared.secrets.SecretBox;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;

/** Notification channels: validated, their target checked, their signing secret generated if absent and sealed. */
@ApplicationScoped
public class ChannelService {

    private static final Logger LOG = Logger.getLogger(ChannelService.class);

    private final ChannelRepository channels;
    private final RuleRepository rules;
    private final OutboundTargets targets;
    private final SecretBox secrets;
    private final Clock clock;

    ChannelService(ChannelRepository channels, RuleRepository rules, OutboundTargets targets, SecretBox secrets,
            Clock clock) {
        this.channels = channels;
        this.rules = rules;
        this.targets = targets;
        this.secrets = secrets;
        this.clock = clock;
    }

    @Transactional
    public ChannelEntity create(String namespace, ChannelDraft draft) {
        check(draft);
        Instant now = now();
        ChannelEntity channel = new ChannelEntity();
        channel.id = UlidCreator.getMonotonicUlid().toString();
        channel.namespace = namespace;
        channel.createdAt = now;
        apply(channel, draft, now);
        channels.persist(channel);
        return channel;
    }

    /** A full replace, as OpenMeter's PUT: what is left out goes back to its default; the secret is kept if absent. */
    @Transactional
    public ChannelEntity replace(String namespace, String id, ChannelDraft draft) {
        ChannelEntity channel = get(namespace, id);
        if (channel.deletedAt != null) {
            throw ApiException.conflict("channel " + id + " is deleted and cannot be changed");
        }
        check(draft);
        apply(channel, draft, now());
        return channel;
    }

    /** Deletes a channel no live rule sends to; OpenMeter answers 400 while one does. */
    @Transactional
    public void delete(String namespace, String id) {
        ChannelEntity channel = get(namespace, id);
        if (channel.deletedAt != null) {
            return;
        }
        List<String> using = rules.usingChannel(namespace, id);
        if (!using.isEmpty()) {
            throw ApiException.invalid("channelId", "in_use", "is used by rules " + using
                    + ": remove the channel from them or delete them first");
        }
        Instant now = now();
        channel.deletedAt = now;
        channel.disabled = true;
        channel.updatedAt = now;
    }

    /** The channel, deleted ones too (OpenMeter shows them with {@code deletedAt}). */
    @Transactional
    public ChannelEntity get(String namespace, String id) {
        return channels.findIn(namespace, id).orElseThrow(() -> ApiException.notFound(
                "no notification channel has id '" + id + "'"));
    }

    @Transactional
    public Paging.Page<ChannelEntity> list(String namespace, boolean includeDisabled, String orderBy,
            boolean descending, Paging paging) {
        return new Paging.Page<>(channels.page(namespace, includeDisabled, orderBy, descending, paging.page(),
                paging.pageSize()), channels.countLive(namespace, includeDisabled));
    }

    /**
     * The channel's signing secret in the clear, for its owner's view of it; empty when it cannot be opened (sealed
     * under a master key no longer configured), so that one such channel does not break every list.
     */
    public Optional<String> signingSecret(ChannelEntity channel) {
        try {
            return Optional.of(secrets.open(channel.signingSecretSealed, DeliveryWorker.secretContext(channel.id)));
        } catch (IllegalStateException e) {
            LOG.warnf("the signing secret of notification channel %s cannot be opened: %s", channel.id,
                    e.getMessage());
            return Optional.empty();
        }
    }

    private void check(ChannelDraft draft) {
        List<ValidationError> errors = ChannelRules.check(draft);
        if (errors.isEmpty()) {
            try {
                targets.check(draft.url().trim());
            } catch (OutboundTargetException e) {
                errors.add(ValidationError.error("url", e.reasonCode(), e.getMessage()));
            }
        }
        if (!errors.isEmpty()) {
            throw ApiException.invalid(errors);
        }
        if (!secrets.canSeal()) {
            throw ApiException.conflict("signing secrets are stored encrypted: configure"
                    + " tollgate.secrets.master-key (TOLLGATE_SECRETS_MASTER_KEY) first; see docs/notifications.md");
        }
    }

    private void apply(ChannelEntity channel, ChannelDraft draft, Instant now) {
        channel.type = draft.type();
        channel.name = draft.name();
        channel.disabled = Boolean.TRUE.equals(draft.disabled());
        channel.metadata = draft.metadata() == null ? new LinkedHashMap<>() : new LinkedHashMap<>(draft.metadata());
        channel.url = draft.url().trim();
        channel.customHeaders = draft.customHeaders() == null ? new LinkedHashMap<>()
                : new LinkedHashMap<>(draft.customHeaders());
        if (draft.signingSecret() != null || channel.signingSecretSealed == null) {
            String secret = draft.signingSecret() != null ? draft.signingSecret() : WebhookSecrets.generate();
            channel.signingSecretSealed = secrets.seal(secret, DeliveryWorker.secretContext(channel.id));
        }
        channel.updatedAt = now;
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
