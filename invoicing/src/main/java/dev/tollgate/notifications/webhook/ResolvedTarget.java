package dev.tollgate.notifications.webhook;

import java.net.InetAddress;
import java.net.URI;
import java.util.List;

/** A webhook URL that passed {@link OutboundTargets#check(String)}, with every address its host resolved to then. */
public record ResolvedTarget(URI uri, String host, List<InetAddress> addresses) {

    public ResolvedTarget {
        addresses = List.copyOf(addresses);
    }
}
