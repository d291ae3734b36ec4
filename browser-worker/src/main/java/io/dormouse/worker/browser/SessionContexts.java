package io.dormouse.worker.browser;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.PlaywrightException;

import io.dormouse.protocol.Action;
import io.dormouse.protocol.AuthProbe;
import io.dormouse.protocol.AuthProbed;
import io.dormouse.protocol.CommandId;
import io.dormouse.protocol.ContextMetrics;
import io.dormouse.protocol.HibernationTier;
import io.dormouse.protocol.ProfileHealth;
import io.dormouse.protocol.SessionId;
import io.dormouse.protocol.SessionSnapshot;
import io.dormouse.protocol.SessionSpec;
import io.dormouse.worker.config.WorkerConfig;
import io.dormouse.worker.policy.EgressProxy;
import io.dormouse.worker.policy.EgressRoute;
import io.dormouse.worker.policy.NavigationPolicy;

/**
 * The live browser contexts of this worker, one per active session. Every method hops to the Playwright thread; the
 * map itself is concurrent so heartbeats can count it from any thread.
 */
@ApplicationScoped
public class SessionContexts {
    private static final Logger LOG = Logger.getLogger(SessionContexts.class);

    @Inject
    BrowserRuntime runtime;

    @Inject
    EgressProxy egressProxy;

    @Inject
    NavigationPolicy policy;

    @Inject
    WarmPool warmPool;

    @Inject
    Event<ContextClosed> contextClosed;

    private final Map<SessionId, LiveSession> live = new ConcurrentHashMap<>();
    /** The longest JSON result an evaluation may return; tests wired by hand keep the default. */
    int maxResultChars = 16 * 1024 * 1024;

    @Inject
    void configure(WorkerConfig config) {
        maxResultChars = config.maxResultBytes();
    }

    /** One sample of a live context for the metrics topic. */
    public record ContextSample(SessionId sessionId, ContextMetrics.Sample sample) {
    }

    public boolean isLive(SessionId id) {
        return live.containsKey(id);
    }

    public int liveCount() {
        return live.size();
    }

    /** Live sessions whose commands arrive on one of the {@code revoked} action partitions. */
    public List<SessionId> liveIn(Collection<Integer> revoked) {
        return live.values().stream().filter(session -> revoked.contains(session.partition))
                .map(session -> session.id).toList();
    }

    public List<SessionId> liveSessions() {
        return List.copyOf(live.keySet());
    }

    public void touch(SessionId id) {
        LiveSession session = live.get(id);
        if (session != null) {
            session.touch();
        }
    }

    /** The live session {@code id}, null when it has none here; for the session's other views in this package. */
    LiveSession find(SessionId id) {
        return live.get(id);
    }

    public void actionFailed(SessionId id) {
        LiveSession session = live.get(id);
        if (session != null) {
            session.failedActions++;
        }
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
            live.values().stream().findAny().ifPresent(session -> session.context.pages().stream()
                    .filter(page -> !page.isClosed()).findFirst().ifPresent(page -> {
                        try {
                            page.waitForTimeout(1);
                        } catch (PlaywrightException crashedMeanwhile) {
                            LOG.debugf("event pump page of %s is gone: %s", session.id, crashedMeanwhile.getMessage());
                        }
                    }));
            List<Crash> crashes = new ArrayList<>();
            for (LiveSession session : live.values()) {
                for (String url = session.unannouncedCrashes.poll(); url != null; url = session.unannouncedCrashes
                        .poll()) {
                    crashes.add(new Crash(session.id, url, session.crashes));
                }
            }
            return crashes;
        });
    }

    /** A live session that went past another idle threshold. */
    public record IdleCrossing(SessionId sessionId, Duration idleFor, Instant lastActiveAt, HibernationTier tier) {
    }

    /** Sessions idle past a threshold (ascending) they were not announced for since their last command. */
    public List<IdleCrossing> idleCrossings(List<Duration> thresholds) {
        long now = System.nanoTime();
        List<IdleCrossing> crossings = new ArrayList<>();
        for (LiveSession session : live.values()) {
            if (session.cdpClients > 0) {
                continue;
            }
            int announced = session.idleThresholdsAnnounced;
            int reached = announced;
            while (reached < thresholds.size() && now - session.lastUsedNanos >= thresholds.get(reached).toNanos()) {
                reached++;
            }
            if (reached > announced) {
                session.idleThresholdsAnnounced = reached;
                crossings.add(new IdleCrossing(session.id, thresholds.get(reached - 1), session.lastUsedAt,
                        session.spec.hibernationTier()));
            }
        }
        return crossings;
    }

    /** The live session used least recently, other than {@code except}. */
    public Optional<SessionId> leastRecentlyUsedExcept(SessionId except) {
        return live.values().stream().filter(session -> !session.id.equals(except) && session.cdpClients == 0)
                .min(Comparator.comparingLong(session -> session.lastUsedNanos)).map(session -> session.id);
    }

    /** Live sessions no command has used for longer than {@code idleFor}. */
    public List<SessionId> idleLongerThan(Duration idleFor) {
        long now = System.nanoTime();
        return live.values().stream()
                .filter(session -> session.cdpClients == 0 && now - session.lastUsedNanos > idleFor.toNanos())
                .map(session -> session.id).toList();
    }

    /**
     * {@code partition}: the action partition the session's commands arrive on. A pre-warmed context is used when the
     * spec allows it, which saves creating a context and a page.
     */
    public void activateFresh(SessionId id, int partition, SessionSpec spec) {
        Optional<WarmPool.Warm> warm = warmPool.take(spec);
        if (warm.isPresent()) {
            warm.get().egress().useUpstream(spec.proxy());
            adopt(id, warm.get().egress(), () -> runtime.call(() -> live.computeIfAbsent(id,
                    key -> ContextFactory.freshFromWarm(warm.get(), key, partition, spec))));
            return;
        }
        EgressRoute egress = egressProxy.register(id, spec.proxy());
        adopt(id, egress, () -> runtime.call(() -> live.computeIfAbsent(id,
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
            adopt(id, warm.get().egress(), () -> {
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
                runtime.call(() -> live.computeIfAbsent(id, key -> steps.session()));
            });
            return;
        }
        EgressRoute egress = egressProxy.register(id, spec.proxy());
        adopt(id, egress, () -> runtime.call(() -> live.computeIfAbsent(id, key -> ContextFactory.restore(
                runtime.browser(), key, partition, spec, snapshot, navigationTimeoutMillis, egress))));
    }

    /** Runs the activation; if it fails, the route goes and any half-built context is closed by its factory. */
    private void adopt(SessionId id, EgressRoute egress, Runnable activation) {
        try {
            activation.run();
        } catch (RuntimeException e) {
            egressProxy.unregister(egress);
            throw e;
        }
    }

    /** Runs on the caller's thread, hopping to the Playwright thread step by step; see {@link ActionRunner}. */
    public ActionResult run(SessionId id, Action action, double timeoutMillis) {
        ActionRunner.Result result = ActionRunner.run(runtime, policy, require(id), action, timeoutMillis,
                maxResultChars);
        return new ActionResult(result.json(), result.binary(), result.contentType());
    }

    /** An action's JSON result, and its bytes when it produced a file (screenshot, PDF). */
    public record ActionResult(JsonNode json, byte[] binary, String contentType) {
    }

    /** Whether the session's live context already holds the effect of {@code commandId} (a replayed command). */
    public boolean hasApplied(SessionId id, CommandId commandId) {
        LiveSession session = live.get(id);
        return session != null && session.hasApplied(commandId);
    }

    /** Records that the live context holds the effect of {@code commandId}; {@code changed}: worth a checkpoint. */
    public void applied(SessionId id, CommandId commandId, boolean changed) {
        LiveSession session = live.get(id);
        if (session != null) {
            session.applied(commandId);
            if (changed) {
                session.dirty = true;
            }
        }
    }

    /**
     * Live sessions a command changed since their last checkpoint, once no command used them for {@code debounce}, or
     * once {@code interval} passed since their last checkpoint even if commands keep coming.
     */
    public List<SessionId> dueForCheckpoint(Duration debounce, Duration interval) {
        long now = System.nanoTime();
        return live.values().stream()
                .filter(session -> session.dirty && (now - session.lastUsedNanos >= debounce.toNanos()
                        || now - session.lastCheckpointNanos >= interval.toNanos()))
                .map(session -> session.id).toList();
    }

    /** Called once a snapshot of the session is stored. */
    public void checkpointed(SessionId id, long capturedAtNanos) {
        LiveSession session = live.get(id);
        if (session != null) {
            session.lastCheckpointNanos = capturedAtNanos;
            if (session.lastUsedNanos <= capturedAtNanos) {
                session.dirty = false;
            }
        }
    }

    /** {@code {url, title}} of the session's active page. */
    public JsonNode activePage(SessionId id) {
        return runtime.call(() -> {
            Page page = require(id).page();
            return JsonNodeFactory.instance.objectNode().put("url", page.url()).put("title", page.title());
        });
    }

    public SessionSnapshot capture(SessionId id) {
        return runtime.call(() -> SnapshotCapture.capture(require(id)));
    }

    /** Closes the session's context, if it has one; its state is gone unless it was captured first. */
    public void close(SessionId id) {
        boolean closed = runtime.call(() -> {
            LiveSession session = live.remove(id);
            if (session != null) {
                egressProxy.unregister(session.egress);
                session.context.close();
            }
            return session != null;
        });
        if (closed && contextClosed != null) {
            contextClosed.fire(new ContextClosed(id));
        }
    }

    /** A session's context was closed (hibernated, moved, deleted): its CDP clients are let go. */
    public record ContextClosed(SessionId sessionId) {
    }

    public List<ContextSample> sample() {
        return runtime.call(() -> {
            List<ContextSample> samples = new ArrayList<>();
            for (LiveSession session : live.values()) {
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

    /** The profile's health settings as the session's latest command states them. */
    public void updateHealth(SessionId id, ProfileHealth health) {
        LiveSession session = live.get(id);
        if (session != null && !session.health.equals(health)) {
            session.health = health;
            session.nextAuthProbeNanos = System.nanoTime();
        }
    }

    /** A live session whose profile's auth probe is due, and whether it is the first since the session got here. */
    public record DueProbe(SessionId sessionId, AuthProbe probe, String trigger) {
    }

    public List<DueProbe> dueAuthProbes() {
        long now = System.nanoTime();
        return live.values().stream()
                .filter(session -> session.health.authProbe() != null && now - session.nextAuthProbeNanos >= 0)
                .map(session -> new DueProbe(session.id, session.health.authProbe(),
                        session.authProbedSinceActivation ? AuthProbed.SCHEDULED : AuthProbed.ACTIVATED))
                .toList();
    }

    /** What one probe found: {@code failedCheck} names the first check that did not hold. */
    public record ProbeVerdict(boolean passed, String failedCheck, String detail, String url) {
    }

    /**
     * Runs {@code probe} on the session's active page: the URL, then the cookie, then the expression, which gets
     * {@code timeoutMillis} to settle. Empty when there is nothing to judge (no live context, no open page, a crashed
     * page); the probe is due again after its interval either way. Reading cookies and the page does not count as use,
     * so probing never keeps a session from going idle.
     */
    public Optional<ProbeVerdict> probeAuth(SessionId id, AuthProbe probe, double timeoutMillis) {
        LiveSession session = live.get(id);
        if (session == null) {
            return Optional.empty();
        }
        session.nextAuthProbeNanos = System.nanoTime() + Duration.ofSeconds(probe.intervalSeconds()).toNanos();
        session.authProbedSinceActivation = true;
        try {
            Optional<String> pageUrl = runtime.call(() -> session.openPages().isEmpty()
                    || session.crashedPages.contains(session.page())
                            ? Optional.empty()
                            : Optional.of(session.page().url()));
            if (pageUrl.isEmpty()) {
                return Optional.empty();
            }
            String url = pageUrl.get();
            if (probe.loggedOutAt(url)) {
                return Optional.of(new ProbeVerdict(false, AuthProbe.URL,
                        "the page's URL matches the logged-out pattern " + probe.loggedOutUrlPattern(), url));
            }
            if (probe.requiredCookie() != null && runtime.call(() -> session.context.cookies().stream()
                    .noneMatch(cookie -> cookie.name.equals(probe.requiredCookie())))) {
                return Optional.of(new ProbeVerdict(false, AuthProbe.COOKIE,
                        "no cookie named " + probe.requiredCookie(), url));
            }
            if (probe.loggedInExpression() != null) {
                try {
                    JsonNode value = ActionRunner.run(runtime, policy, session,
                            new Action.Evaluate(probe.loggedInExpression(), null), timeoutMillis, maxResultChars)
                            .json();
                    if (!truthy(value)) {
                        return Optional.of(new ProbeVerdict(false, AuthProbe.EXPRESSION,
                                "the logged-in expression gave " + value, url));
                    }
                } catch (ActionException failed) {
                    return Optional.of(new ProbeVerdict(false, AuthProbe.EXPRESSION, failed.error().message(), url));
                }
            }
            return Optional.of(new ProbeVerdict(true, null, null, url));
        } catch (PlaywrightException goneMeanwhile) {
            LOG.debugf("auth probe of %s found no page to judge: %s", id, goneMeanwhile.getMessage());
            return Optional.empty();
        }
    }

    /** JavaScript's truthiness, for a value that came back as JSON. */
    private static boolean truthy(JsonNode value) {
        if (value == null || value.isNull() || value.isMissingNode()) {
            return false;
        }
        if (value.isBoolean()) {
            return value.booleanValue();
        }
        if (value.isNumber()) {
            double number = value.doubleValue();
            return number != 0 && !Double.isNaN(number);
        }
        if (value.isTextual()) {
            return !value.textValue().isEmpty();
        }
        return true;
    }

    LiveSession require(SessionId id) {
        LiveSession session = live.get(id);
        if (session == null) {
            throw new IllegalStateException("session " + id + " has no live context on this worker");
        }
        return session;
    }
}
