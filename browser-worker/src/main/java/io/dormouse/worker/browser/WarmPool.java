package io.dormouse.worker.browser;

import java.util.Deque;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;

import io.dormouse.protocol.SessionSpec;
import io.dormouse.protocol.Viewport;
import io.dormouse.worker.policy.EgressProxy;
import io.dormouse.worker.policy.EgressRoute;

/**
 * A few browser contexts created ahead of need, each with a blank page for the session and a scratch page for
 * restoring storage, so activating or rehydrating a session skips creating a context and a page (about 200 ms here).
 * A warm context has the default viewport and no user agent, locale or timezone of its own, so only sessions whose spec
 * asks for none of those can use one; its egress route is pointed at the session's proxy when it is taken.
 */
@ApplicationScoped
public class WarmPool {
    @Inject
    BrowserRuntime runtime;

    @Inject
    EgressProxy egressProxy;

    private final Deque<Warm> ready = new ConcurrentLinkedDeque<>();
    private final AtomicLong created = new AtomicLong();

    /**
     * A pre-created context: {@code page} becomes the session's first tab, {@code scratch} is closed after use;
     * {@code cdpContextId} is its CDP {@code browserContextId}, learnt here so a CDP client never waits for it.
     */
    record Warm(BrowserContext context, Page page, Page scratch, EgressRoute egress, int browserGeneration,
            String cdpContextId) {
    }

    /**
     * A warm context for {@code spec}, if one fits and is ready. One made before a browser restart went down with that
     * browser and is dropped here.
     */
    Optional<Warm> take(SessionSpec spec) {
        if (!fits(spec)) {
            return Optional.empty();
        }
        int generation = runtime.call(runtime::generation);
        for (Warm warm = ready.pollFirst(); warm != null; warm = ready.pollFirst()) {
            if (warm.browserGeneration() == generation) {
                return Optional.of(warm);
            }
            egressProxy.unregister(warm.egress());
        }
        return Optional.empty();
    }

    static boolean fits(SessionSpec spec) {
        return Viewport.DEFAULT.equals(spec.viewport()) && spec.userAgent() == null && spec.locale() == null
                && spec.timezone() == null;
    }

    public int size() {
        return ready.size();
    }

    /**
     * Creates one warm context if fewer than {@code target} are ready; true if it did. It holds the Playwright thread
     * for the time of a context and two pages, so callers do it while the worker is otherwise idle.
     */
    public boolean topUp(int target) {
        if (ready.size() >= target) {
            return false;
        }
        EgressRoute egress = egressProxy.register("warm-" + created.incrementAndGet(), null);
        try {
            ready.addLast(runtime.call(() -> {
                BrowserContext context = runtime.browser().newContext(ContextFactory.warmOptions(egress));
                Page page = context.newPage();
                return new Warm(context, page, context.newPage(), egress, runtime.generation(),
                        ContextFactory.cdpContextId(context, page));
            }));
            return true;
        } catch (RuntimeException e) {
            egressProxy.unregister(egress);
            throw e;
        }
    }

    /** Forgets every warm context, e.g. because the browser that held them is being restarted. */
    public void discardAll() {
        for (Warm warm = ready.pollFirst(); warm != null; warm = ready.pollFirst()) {
            egressProxy.unregister(warm.egress());
        }
    }
}
