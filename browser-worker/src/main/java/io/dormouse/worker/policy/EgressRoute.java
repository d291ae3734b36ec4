package io.dormouse.worker.policy;

import io.dormouse.protocol.ProxySettings;

/**
 * One session's way out through the {@link EgressProxy}: the upstream proxy its spec names, if any, and the last
 * destination the policy refused it, which turns a browser's network error into a {@code policy-denied} outcome.
 */
public final class EgressRoute {
    private final ProxySettings upstream;
    private final EgressProxy.Endpoint endpoint;
    private volatile String lastDenial;

    EgressRoute(ProxySettings upstream, EgressProxy.Endpoint endpoint) {
        this.upstream = upstream;
        this.endpoint = endpoint;
    }

    /** Where the session's browser context sends its traffic. */
    public EgressProxy.Endpoint endpoint() {
        return endpoint;
    }

    ProxySettings upstream() {
        return upstream;
    }

    void denied(String reason) {
        lastDenial = reason;
    }

    /** The reason of the latest refusal since {@link #clearDenial}, or null. */
    public String lastDenial() {
        return lastDenial;
    }

    public void clearDenial() {
        lastDenial = null;
    }
}
