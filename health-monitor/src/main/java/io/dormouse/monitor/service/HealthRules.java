package io.dormouse.monitor.service;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.dormouse.monitor.config.MonitorConfig;
import io.dormouse.protocol.ActionCompleted;
import io.dormouse.protocol.ActionFailed;
import io.dormouse.protocol.ActionOutcome;
import io.dormouse.protocol.AuthProbed;
import io.dormouse.protocol.ContextMetrics;
import io.dormouse.protocol.PageCrashed;
import io.dormouse.protocol.SessionId;
import io.dormouse.protocol.SessionUnhealthy;

/**
 * The monitor's rules. A JS heap over the threshold or a crashed page asks for a recycle; {@code N} failed actions in
 * a row make a session unhealthy until one completes. The storm guard stands between a trigger and a recycle: after
 * each recycle further triggers are ignored for a backoff that doubles, and a session recycled
 * {@code max-per-window} times within the window is declared unhealthy ({@value SessionUnhealthy#RECYCLE_STORM})
 * instead of recycled again, so a page that leaks at once cannot keep a worker busy recycling it. That verdict stands
 * until the window lets the session be recycled again. A failed auth probe flags a session as needing
 * re-authentication until a probe passes.
 */
@ApplicationScoped
public class HealthRules {
    private static final Logger LOG = Logger.getLogger(HealthRules.class);
    private static final int RECENT_RECYCLES = 50;
    public static final String MEMORY = "memory";
    public static final String PAGE_CRASHED = "page-crashed";

    /** What the rules decide; the messaging layer carries it out. */
    public interface Verdicts {
        void recycle(SessionId id, String reason);

        void unhealthy(SessionId id, String reason, String detail);

        void healthy(SessionId id);

        void needsReauth(SessionId id, String failedCheck, String detail);

        void reauthenticated(SessionId id);
    }

    /** A recycle the monitor asked for, as the overview lists it. */
    public record Recycle(String sessionId, String reason, Instant at) {
    }

    private static final class SessionHealth {
        final Deque<Instant> recycles = new ArrayDeque<>();
        Instant quietUntil = Instant.MIN;
        int failuresInARow;
        boolean failing;
        boolean storm;
        /** Null until a probe is seen: a monitor that restarted does not know whether the tag is on. */
        Boolean loggedIn;
    }

    @Inject
    MonitorConfig config;

    @Inject
    Verdicts verdicts;

    Clock clock = Clock.systemUTC();

    private final Map<SessionId, SessionHealth> sessions = new ConcurrentHashMap<>();
    private final Deque<Recycle> recent = new ArrayDeque<>();

    /** The profile's threshold when the sample carries one, the monitor's default otherwise. */
    public void onMetrics(ContextMetrics sample) {
        long thresholdMb = sample.memoryThresholdMb() != null ? sample.memoryThresholdMb() : config.memoryThresholdMb();
        if (sample.jsHeapUsedBytes() > thresholdMb * 1024 * 1024) {
            requestRecycle(sample.sessionId(), MEMORY, String.format("JS heap %d MB over %d MB",
                    sample.jsHeapUsedBytes() / (1024 * 1024), thresholdMb));
        }
    }

    /**
     * A failed probe flags the session once until a probe passes again; a pass clears the flag, and after a monitor
     * restart the first pass clears it too, since the monitor cannot know whether it was set.
     */
    public void onAuthProbed(AuthProbed probed) {
        SessionHealth health = health(probed.sessionId());
        Boolean before;
        synchronized (health) {
            before = health.loggedIn;
            health.loggedIn = probed.passed();
        }
        if (!probed.passed() && !Boolean.FALSE.equals(before)) {
            LOG.infof("%s needs re-authentication: %s (%s)", probed.sessionId(), probed.detail(), probed.url());
            verdicts.needsReauth(probed.sessionId(), probed.failedCheck(), probed.detail());
        } else if (probed.passed() && !Boolean.TRUE.equals(before)) {
            verdicts.reauthenticated(probed.sessionId());
        }
    }

    public void onCrash(PageCrashed crash) {
        requestRecycle(crash.sessionId(), PAGE_CRASHED, "page " + crash.url() + " crashed");
    }

    public void onOutcome(ActionOutcome outcome) {
        SessionHealth health = health(outcome.sessionId());
        boolean clear;
        synchronized (health) {
            switch (outcome) {
                case ActionFailed failed -> {
                    health.failuresInARow++;
                    if (health.failuresInARow >= config.consecutiveFailures() && !health.failing) {
                        health.failing = true;
                        verdicts.unhealthy(outcome.sessionId(), SessionUnhealthy.FAILED_ACTIONS,
                                health.failuresInARow + " failed actions in a row, the last: "
                                        + failed.error().code());
                    }
                    return;
                }
                case ActionCompleted completed -> {
                    health.failuresInARow = 0;
                    // A storm verdict stands until its window has passed, whatever the session does meanwhile.
                    clear = health.failing && !health.storm;
                    health.failing = false;
                }
            }
        }
        if (clear) {
            verdicts.healthy(outcome.sessionId());
        }
    }

    /** A deleted session's counters go. */
    public void forget(SessionId id) {
        sessions.remove(id);
    }

    /** The latest recycles asked for, newest first. */
    public synchronized List<Recycle> recentRecycles() {
        return new ArrayList<>(recent);
    }

    private void requestRecycle(SessionId id, String reason, String detail) {
        SessionHealth health = health(id);
        Instant now = clock.instant();
        synchronized (health) {
            Duration window = config.recycles().window();
            while (!health.recycles.isEmpty() && health.recycles.peekFirst().isBefore(now.minus(window))) {
                health.recycles.removeFirst();
            }
            if (health.storm && health.recycles.size() < config.recycles().maxPerWindow()) {
                health.storm = false;
                if (!health.failing) {
                    verdicts.healthy(id);
                }
            }
            if (now.isBefore(health.quietUntil)) {
                LOG.debugf("%s: %s, but within the recycle backoff until %s", id, detail, health.quietUntil);
                return;
            }
            if (health.recycles.size() >= config.recycles().maxPerWindow()) {
                if (!health.storm) {
                    health.storm = true;
                    verdicts.unhealthy(id, SessionUnhealthy.RECYCLE_STORM, health.recycles.size()
                            + " recycles within " + window + ", the last for: " + detail);
                }
                return;
            }
            health.recycles.addLast(now);
            health.quietUntil = now.plus(config.recycles().backoff().multipliedBy(1L << (health.recycles.size() - 1)));
        }
        LOG.infof("recycling %s: %s", id, detail);
        synchronized (this) {
            recent.addFirst(new Recycle(id.value(), reason, now));
            while (recent.size() > RECENT_RECYCLES) {
                recent.removeLast();
            }
        }
        verdicts.recycle(id, reason);
    }

    private SessionHealth health(SessionId id) {
        return sessions.computeIfAbsent(id, key -> new SessionHealth());
    }
}
