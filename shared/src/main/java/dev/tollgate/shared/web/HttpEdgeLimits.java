package dev.tollgate.shared.web;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * {@link HttpEdgeConfig}, read once. The edge filter and the body interceptor are built before runtime configuration
 * is there, so they cannot take the mapping itself; and looking the mapping up per request (a {@code Provider}) built
 * a new mapping object on every request, 2 % of the event loop's time on single-event POSTs. This bean is created on
 * first use, at run time, behind its client proxy.
 */
@ApplicationScoped
class HttpEdgeLimits {

    private final HttpEdgeConfig config;

    HttpEdgeLimits(HttpEdgeConfig config) {
        this.config = config;
    }

    int maxUriLength() {
        return config.maxUriLength();
    }

    long maxDecompressedBodySize() {
        return config.maxDecompressedBodySize().asLongValue();
    }
}
