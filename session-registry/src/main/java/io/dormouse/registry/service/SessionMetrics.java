package io.dormouse.registry.service;

import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.WebApplicationException;

import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.logging.Logger;

import io.dormouse.protocol.ContextMetrics;
import io.dormouse.protocol.SessionId;
import io.dormouse.protocol.SessionState;
import io.dormouse.registry.monitor.MonitorClient;
import io.dormouse.registry.repository.SessionEntity;
import io.smallrye.mutiny.Uni;

/**
 * A session's health figures: the live ones from the health-monitor's latest sample of its context, the recycle
 * counters from the registry's own row. The live figures are absent unless the session is active and sampled.
 */
@ApplicationScoped
public class SessionMetrics {
    private static final Logger LOG = Logger.getLogger(SessionMetrics.class);
    private static final int NOT_FOUND = 404;
    private static final double BYTES_PER_MB = 1024.0 * 1024.0;

    /** Where the live figures came from. */
    public enum Sample {
        /** The monitor's latest sample of the session's current context. */
        LIVE,
        /** None: the session is not active, or its context was not sampled yet. */
        NONE,
        /** The monitor did not answer; the registry's counters are still given. */
        MONITOR_UNAVAILABLE
    }

    /**
     * {@code errorCount}: failed actions plus page crashes since the context was opened on its worker; console
     * errors are counted apart.
     */
    public record View(String sessionId, SessionState state, String workerId, Sample sample, Instant sampledAt,
            Double memoryMb, Integer pageCount, Integer errorCount, Integer consoleErrorCount, Integer crashCount,
            Instant lastActiveAt, int recycleCount, String lastRecycleReason, Instant lastRecycledAt) {
    }

    @Inject
    SessionService sessions;

    @Inject
    @RestClient
    MonitorClient monitor;

    public Uni<View> of(SessionId id, String tenant) {
        return sessions.get(id, tenant).chain(row -> row.state != SessionState.ACTIVE
                ? Uni.createFrom().item(view(row, Sample.NONE, null))
                : monitor.latestSample(id.value())
                        .map(sample -> view(row, Sample.LIVE, sample))
                        .onFailure(SessionMetrics::notSampled).recoverWithItem(() -> view(row, Sample.NONE, null))
                        .onFailure().recoverWithItem(failure -> {
                            LOG.warnf("health-monitor unavailable for %s's metrics: %s", id, failure.getMessage());
                            return view(row, Sample.MONITOR_UNAVAILABLE, null);
                        }));
    }

    private static boolean notSampled(Throwable failure) {
        return failure instanceof WebApplicationException web && web.getResponse().getStatus() == NOT_FOUND;
    }

    private static View view(SessionEntity row, Sample sample, ContextMetrics live) {
        // A sample from the context before a hand-over or a recycle describes a context that no longer exists.
        boolean current = live != null && live.workerId() != null && live.workerId().value().equals(row.workerId)
                && (row.lastRecycledAt == null || live.occurredAt().isAfter(row.lastRecycledAt));
        Instant lastActiveAt = row.lastActiveAt;
        if (current && live.lastActiveAt() != null
                && (lastActiveAt == null || live.lastActiveAt().isAfter(lastActiveAt))) {
            lastActiveAt = live.lastActiveAt();
        }
        return current
                ? new View(row.id, row.state, row.workerId, sample, live.occurredAt(),
                        live.jsHeapUsedBytes() < 0
                                ? null
                                : Math.round(live.jsHeapUsedBytes() / BYTES_PER_MB * 10) / 10.0,
                        live.pageCount(), live.failedActionCount() + live.crashCount(), live.consoleErrorCount(),
                        live.crashCount(), lastActiveAt, row.recycleCount, row.lastRecycleReason, row.lastRecycledAt)
                : new View(row.id, row.state, row.workerId, sample == Sample.LIVE ? Sample.NONE : sample, null, null,
                        null, null, null, null, lastActiveAt, row.recycleCount, row.lastRecycleReason,
                        row.lastRecycledAt);
    }
}
