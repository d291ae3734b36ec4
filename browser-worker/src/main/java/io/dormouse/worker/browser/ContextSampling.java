package io.dormouse.worker.browser;

import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import com.microsoft.playwright.PlaywrightException;

import io.dormouse.protocol.ContextMetrics;
import io.dormouse.protocol.SessionId;

/** Reads the live contexts for the metrics and events topics: one sample each, and the page crashes not announced. */
@ApplicationScoped
public class ContextSampling {
    private static final Logger LOG = Logger.getLogger(ContextSampling.class);

    @Inject
    BrowserRuntime runtime;

    @Inject
    SessionContexts contexts;

    /** One sample of a live context for the metrics topic. */
    public record ContextSample(SessionId sessionId, ContextMetrics.Sample sample) {
    }

    /** A page crash not announced yet. */
    public record Crash(SessionId sessionId, String url, int crashCount) {
    }

    /**
     * Crashes since the last call. Playwright delivers page events only while the Playwright thread talks to the
     * driver, so this first gives it a millisecond to take in what arrived while sessions were quiet.
     */
    public List<Crash> newCrashes() {
        return runtime.call(() -> {
            contexts.all().stream().findAny().ifPresent(session -> session.context.pages().stream()
                    .filter(page -> !page.isClosed()).findFirst().ifPresent(page -> {
                        try {
                            page.waitForTimeout(1);
                        } catch (PlaywrightException crashedMeanwhile) {
                            LOG.debugf("event pump page of %s is gone: %s", session.id, crashedMeanwhile.getMessage());
                        }
                    }));
            List<Crash> crashes = new ArrayList<>();
            for (LiveSession session : contexts.all()) {
                for (String url = session.unannouncedCrashes.poll(); url != null; url = session.unannouncedCrashes
                        .poll()) {
                    crashes.add(new Crash(session.id, url, session.crashes));
                }
            }
            return crashes;
        });
    }

    public List<ContextSample> sample() {
        return runtime.call(() -> {
            List<ContextSample> samples = new ArrayList<>();
            for (LiveSession session : contexts.all()) {
                long heap;
                try {
                    heap = jsHeapUsed(session);
                } catch (PlaywrightException e) {
                    LOG.warnf("could not read the JS heap of session %s: %s", session.id, e.getMessage());
                    heap = -1;
                }
                samples.add(new ContextSample(session.id, new ContextMetrics.Sample(heap,
                        session.openPages().size(), session.consoleErrors, session.crashes, session.failedActions,
                        session.lastUsedAt, session.health.memoryThresholdMb())));
            }
            return samples;
        });
    }

    /**
     * The active page's JS heap in use. Chromium runs with {@code --enable-precise-memory-info}, without which
     * {@code performance.memory} is coarse and rarely refreshed, so a leak would show late. A crashed page throws.
     */
    private static long jsHeapUsed(LiveSession session) {
        return ((Number) session.page().evaluate(
                "() => (performance.memory && performance.memory.usedJSHeapSize) || 0")).longValue();
    }
}
