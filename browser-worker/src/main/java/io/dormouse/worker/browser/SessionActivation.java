package io.dormouse.worker.browser;

import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.dormouse.protocol.SessionId;
import io.dormouse.protocol.SessionSnapshot;
import io.dormouse.protocol.SessionSpec;
import io.dormouse.worker.policy.EgressProxy;
import io.dormouse.worker.policy.EgressRoute;

/**
 * Gives a session a live context: a fresh one, or one rehydrated from its snapshot, from the warm pool when the spec
 * allows it (which saves creating a context and a page). A failed activation leaves no route and no half-built
 * context behind.
 */
@ApplicationScoped
public class SessionActivation {
    @Inject
    BrowserRuntime runtime;

    @Inject
    SessionContexts contexts;

    @Inject
    EgressProxy egressProxy;

    @Inject
    WarmPool warmPool;

    /** {@code partition}: the action partition the session's commands arrive on. */
    public void activateFresh(SessionId id, int partition, SessionSpec spec) {
        Optional<WarmPool.Warm> warm = warmPool.take(spec);
        if (warm.isPresent()) {
            warm.get().egress().useUpstream(spec.proxy());
            adopt(warm.get().egress(), () -> runtime.call(() -> contexts.adopt(id,
                    key -> ContextFactory.freshFromWarm(warm.get(), key, partition, spec))));
            return;
        }
        EgressRoute egress = egressProxy.register(id, spec.proxy());
        adopt(egress, () -> runtime.call(() -> contexts.adopt(id,
                key -> ContextFactory.fresh(runtime.browser(), key, partition, spec, egress))));
    }

    public void restore(SessionId id, int partition, SessionSpec spec, SessionSnapshot snapshot,
            double navigationTimeoutMillis) {
        // IndexedDB is restored only by Playwright's storage state, which a context gets when it is created.
        Optional<WarmPool.Warm> warm = ContextFactory.needsStorageState(snapshot)
                ? Optional.empty()
                : warmPool.take(spec);
        if (warm.isPresent()) {
            warm.get().egress().useUpstream(spec.proxy());
            ContextFactory.WarmRestore steps = new ContextFactory.WarmRestore(warm.get(), id, partition, spec,
                    snapshot, navigationTimeoutMillis);
            adopt(warm.get().egress(), () -> {
                try {
                    // One short Playwright step per origin and tab, so other sessions run in between.
                    for (Runnable step : steps.steps()) {
                        runtime.call(() -> {
                            step.run();
                            return null;
                        });
                    }
                } catch (RuntimeException e) {
                    runtime.call(() -> {
                        steps.abandon();
                        return null;
                    });
                    throw e;
                }
                runtime.call(() -> contexts.adopt(id, key -> steps.session()));
            });
            return;
        }
        EgressRoute egress = egressProxy.register(id, spec.proxy());
        adopt(egress, () -> runtime.call(() -> contexts.adopt(id, key -> ContextFactory.restore(
                runtime.browser(), key, partition, spec, snapshot, navigationTimeoutMillis, egress))));
    }

    /** Runs the activation; if it fails, the route goes and any half-built context is closed by its factory. */
    private void adopt(EgressRoute egress, Runnable activation) {
        try {
            activation.run();
        } catch (RuntimeException e) {
            egressProxy.unregister(egress);
            throw e;
        }
    }
}
