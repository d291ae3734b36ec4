package io.dormouse.worker.policy;

import java.util.ArrayDeque;
import java.util.Deque;

import io.dormouse.protocol.ProxySettings;

/**
 * One session's way out through the {@link EgressProxy}: the upstream proxy its spec names, if any, and the last
 * destination the policy refused it, which turns a browser's network error into a {@code policy-denied} outcome.
 */
public final class EgressRoute {
    private volatile ProxySettings upstream;
    private final EgressProxy.Endpoint endpoint;
    private static final int RECENT_DENIALS_KEPT = 16;
    private final Deque<Denial> recentDenials = new ArrayDeque<>();

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

    /** Points the route at the session's own proxy (null: straight out), once a pre-warmed context has its session. */
    public void useUpstream(ProxySettings proxy) {
        this.upstream = proxy;
    }

    void denied(String host, String reason) {
        synchronized (recentDenials) {
            recentDenials.addLast(new Denial(host, reason));
            while (recentDenials.size() > RECENT_DENIALS_KEPT) {
                recentDenials.removeFirst();
            }
        }
    }

    /**
     * The latest refusal of {@code host}, else the latest refusal of any host (a redirect's target), else null. Other
     * tabs of the session may be refused meanwhile, so the navigated host is matched first.
     */
    public String denialFor(String host) {
        synchronized (recentDenials) {
            for (var it = recentDenials.descendingIterator(); it.hasNext();) {
                Denial denial = it.next();
                if (denial.host().equalsIgnoreCase(host)) {
                    return denial.reason();
                }
            }
            return recentDenials.isEmpty() ? null : recentDenials.getLast().reason();
        }
    }

    public void clearDenials() {
        synchronized (recentDenials) {
            recentDenials.clear();
        }
    }

    private record Denial(String host, String reason) {
    }
}
