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
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.microsoft.playwright.Page;

import io.dormouse.protocol.Action;
import io.dormouse.protocol.HibernationTier;
import io.dormouse.protocol.SessionId;
import io.dormouse.protocol.SessionSnapshot;
import io.dormouse.worker.config.WorkerConfig;
import io.dormouse.worker.policy.EgressProxy;
import io.dormouse.worker.policy.NavigationPolicy;

/**
 * The live browser contexts of this worker, one per active session: which are live, how recently each was used, and
 * the one way into a context for actions, captures and closing. Building a context is {@link SessionActivation}'s;
 * checkpoint bookkeeping {@link CheckpointTracking}'s; sampling {@link ContextSampling}'s; auth probes
 * {@link AuthProbes}'. The map is concurrent so heartbeats can count it from any thread; a context is touched only on
 * the Playwright thread.
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
    Event<ContextClosed> contextClosed;

    private final Map<SessionId, LiveSession> live = new ConcurrentHashMap<>();
    /** The longest JSON result an evaluation may return; tests wired by hand keep the default. */
    int maxResultChars = 16 * 1024 * 1024;

    @Inject
    void configure(WorkerConfig config) {
        maxResultChars = config.maxResultBytes();
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

    /** Every live session; for the session's other views in this package. */
    Collection<LiveSession> all() {
        return live.values();
    }

    /**
     * Makes the context {@code build} gives the session's live one, unless it has one already. Playwright thread
     * only.
     */
    LiveSession adopt(SessionId id, Function<SessionId, LiveSession> build) {
        return live.computeIfAbsent(id, build);
    }

    public void actionFailed(SessionId id) {
        LiveSession session = live.get(id);
        if (session != null) {
            session.failedActions++;
        }
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

    /** Runs on the caller's thread, hopping to the Playwright thread step by step; see {@link ActionRunner}. */
    public ActionResult run(SessionId id, Action action, double timeoutMillis) {
        ActionRunner.Result result = ActionRunner.run(runtime, policy, require(id), action, timeoutMillis,
                maxResultChars);
        return new ActionResult(result.json(), result.binary(), result.contentType());
    }

    /** An action's JSON result, and its bytes when it produced a file (screenshot, PDF). */
    public record ActionResult(JsonNode json, byte[] binary, String contentType) {
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

    LiveSession require(SessionId id) {
        LiveSession session = live.get(id);
        if (session == null) {
            throw new IllegalStateException("session " + id + " has no live context on this worker");
        }
        return session;
    }
}
