package io.dormouse.worker.browser;

import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.microsoft.playwright.Page;
import com.microsoft.playwright.TimeoutError;
import com.microsoft.playwright.options.LoadState;

import io.dormouse.protocol.ActionError;
import io.dormouse.protocol.SessionId;
import io.dormouse.protocol.SessionSnapshot;
import io.dormouse.protocol.SessionSpec;
import io.dormouse.worker.policy.EgressProxy;
import io.dormouse.worker.policy.EgressRoute;

/**
 * Gives a session a live context: a fresh one, or one rehydrated from its snapshot ({@link SnapshotRestore}), from
 * the warm pool when the spec allows it (which saves creating a context and a page). A failed activation leaves no
 * route and no half-built context behind.
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

    /**
     * Rehydrates the session from {@code snapshot}, in a warm context when one fits: one short Playwright step at a
     * time, with the tabs' page loads polled, so other sessions' actions and wakes run in between.
     */
    public void restore(SessionId id, int partition, SessionSpec spec, SessionSnapshot snapshot,
            double navigationTimeoutMillis) {
        // IndexedDB is restored only by Playwright's storage state, which a context gets when it is created.
        Optional<WarmPool.Warm> warm = SnapshotRestore.needsStorageState(snapshot)
                ? Optional.empty()
                : warmPool.take(spec);
        SnapshotRestore restore;
        EgressRoute egress;
        if (warm.isPresent()) {
            egress = warm.get().egress();
            egress.useUpstream(spec.proxy());
            restore = SnapshotRestore.intoWarm(warm.get(), id, partition, spec, snapshot, navigationTimeoutMillis);
        } else {
            egress = egressProxy.register(id, spec.proxy());
            restore = SnapshotRestore.intoNew(runtime.browser(), egress, id, partition, spec, snapshot,
                    navigationTimeoutMillis);
        }
        adopt(egress, () -> {
            try {
                for (SnapshotRestore.Step step : restore.steps()) {
                    switch (step) {
                        case SnapshotRestore.Call call -> runtime.call(() -> {
                            call.work().run();
                            return null;
                        });
                        case SnapshotRestore.AwaitLoad await -> awaitLoad(await.tab(), navigationTimeoutMillis);
                    }
                }
            } catch (RuntimeException e) {
                runtime.call(() -> {
                    restore.abandon();
                    return null;
                });
                throw e;
            }
            runtime.call(() -> contexts.adopt(id, key -> restore.session()));
        });
    }

    /** Polls the tab's page load, so a slow site does not hold the Playwright thread while it loads. */
    private void awaitLoad(SnapshotRestore.Restored tab, double timeoutMillis) {
        runtime.poll(() -> {
            try {
                tab.page.waitForLoadState(LoadState.LOAD, new Page.WaitForLoadStateOptions().setTimeout(1));
                return Optional.of(Boolean.TRUE);
            } catch (TimeoutError notYet) {
                return Optional.empty();
            }
        }, timeoutMillis, () -> new ActionException(ActionError.TIMEOUT, "the restored tab "
                + tab.state.url() + " did not load within " + (long) timeoutMillis + " ms"));
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
