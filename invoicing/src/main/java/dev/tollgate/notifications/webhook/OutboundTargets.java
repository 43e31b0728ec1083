package dev.tollgate.notifications.webhook;

import dev.tollgate.notifications.webhook.OutboundTargetException.Reason;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The SSRF guard for webhook URLs: a tenant chooses the URL, so without it a webhook could reach Tollgate's own
 * network, such as a database's admin port or the cloud's metadata service. A URL must be absolute http(s) with a host
 * and no user-info, and every address its host resolves to must be public. Checked when a channel is saved and again
 * right before each send, because DNS answers change.
 */
@ApplicationScoped
public class OutboundTargets {

    public static final int MAX_URL_LENGTH = 2048;

    /** Resolves a host name (or an IP literal) to all its addresses; {@link InetAddress#getAllByName} in production. */
    @FunctionalInterface
    public interface HostResolver {
        InetAddress[] resolveAll(String host) throws UnknownHostException;
    }

    private final boolean allowPrivateTargets;
    private final HostResolver resolver;

    @Inject
    public OutboundTargets(WebhookConfig config) {
        this(config.allowPrivateTargets(), InetAddress::getAllByName);
    }

    /**
     * @param allowPrivateTargets whether internal addresses are allowed too (local development and tests)
     * @param resolver resolves host names; tests pass a fixed table so they need no DNS
     */
    public OutboundTargets(boolean allowPrivateTargets, HostResolver resolver) {
        this.allowPrivateTargets = allowPrivateTargets;
        this.resolver = resolver;
    }

    /**
     * Validates the URL and resolves its host.
     *
     * @throws OutboundTargetException with reason {@code invalid_url}, {@code unresolvable} or
     *     {@code disallowed_target}
     */
    public ResolvedTarget check(String url) throws OutboundTargetException {
        URI uri = parse(url);
        String host = uri.getHost();
        // An IPv6 literal comes bracketed ("[::1]"); resolvers want it bare.
        String bareHost = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        List<InetAddress> addresses = resolve(bareHost);
        if (!allowPrivateTargets) {
            for (InetAddress address : addresses) {
                Optional<String> disallowed = AddressClass.disallowed(address);
                if (disallowed.isPresent()) {
                    throw new OutboundTargetException(Reason.DISALLOWED_TARGET,
                            "resolves to " + address.getHostAddress() + ", " + disallowed.get());
                }
            }
        }
        return new ResolvedTarget(uri, bareHost, addresses);
    }

    // Messages never repeat the whole URL: webhook URLs often carry a token in their path or query.
    private static URI parse(String url) throws OutboundTargetException {
        if (url == null || url.isBlank()) {
            throw invalid("the URL is empty");
        }
        if (url.length() > MAX_URL_LENGTH) {
            throw invalid("the URL is longer than " + MAX_URL_LENGTH + " characters");
        }
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw invalid("not a valid URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!uri.isAbsolute() || !(scheme.equals("http") || scheme.equals("https"))) {
            throw invalid("the URL must be absolute and start with http:// or https://");
        }
        if (uri.getRawUserInfo() != null) {
            throw invalid("the URL must not contain a user name or password");
        }
        // getHost() is null for a server part that is not a valid host name ("http://exa_mple.com").
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            throw invalid("the URL must name a valid host");
        }
        return uri;
    }

    private List<InetAddress> resolve(String host) throws OutboundTargetException {
        InetAddress[] addresses;
        try {
            addresses = resolver.resolveAll(host);
        } catch (UnknownHostException | SecurityException e) {
            addresses = null;
        }
        if (addresses == null || addresses.length == 0) {
            throw new OutboundTargetException(Reason.UNRESOLVABLE, "the host " + host + " does not resolve");
        }
        return List.of(addresses);
    }

    private static OutboundTargetException invalid(String message) {
        return new OutboundTargetException(Reason.INVALID_URL, message);
    }
}
