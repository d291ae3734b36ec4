package io.dormouse.monitor.service;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import io.dormouse.protocol.ContextMetrics;
import io.dormouse.protocol.SessionId;
import io.dormouse.protocol.WorkerHeartbeat;
import io.dormouse.protocol.WorkerId;

/**
 * The monitor's picture of the fleet, rebuilt from heartbeats and metric samples. A worker is alive while its last
 * heartbeat is younger than {@link #MISSED_HEARTBEATS} of its own announced intervals.
 */
@ApplicationScoped
public class FleetView {
    static final int MISSED_HEARTBEATS = 3;

    private final Map<WorkerId, WorkerHeartbeat> lastHeartbeat = new ConcurrentHashMap<>();
    private final Map<SessionId, ContextMetrics> lastSample = new ConcurrentHashMap<>();
    /** Workers announced lost, by the heartbeat they were last heard with; a newer heartbeat revives them. */
    private final Map<WorkerId, Instant> announcedLost = new ConcurrentHashMap<>();
    private final Clock clock;

    public FleetView() {
        this(Clock.systemUTC());
    }

    FleetView(Clock clock) {
        this.clock = clock;
    }

    /** One worker as {@code GET /v1/workers} shows it. */
    public record WorkerStatus(String workerId, boolean alive, int activeContexts, int capacity,
            long browserMemoryBytes, Instant lastHeartbeatAt) {
    }

    /** Keeps the newest heartbeat of each worker; a late, older one does not roll it back. */
    public void record(WorkerHeartbeat heartbeat) {
        lastHeartbeat.merge(heartbeat.workerId(), heartbeat,
                (known, incoming) -> incoming.occurredAt().isAfter(known.occurredAt()) ? incoming : known);
    }

    public void record(ContextMetrics sample) {
        lastSample.merge(sample.sessionId(), sample,
                (known, incoming) -> incoming.occurredAt().isAfter(known.occurredAt()) ? incoming : known);
    }

    public List<WorkerStatus> workers() {
        Instant now = clock.instant();
        return lastHeartbeat.values().stream()
                .sorted(Comparator.comparing(h -> h.workerId().value()))
                .map(h -> new WorkerStatus(h.workerId().value(), isAlive(h, now), h.activeContexts(), h.capacity(),
                        h.browserMemoryBytes(), h.occurredAt()))
                .toList();
    }

    /**
     * Workers that fell silent since the last call, each returned once per silence: a worker heard from again can be
     * lost again later.
     */
    public List<WorkerHeartbeat> newlyLost() {
        Instant now = clock.instant();
        List<WorkerHeartbeat> lost = new ArrayList<>();
        for (WorkerHeartbeat heartbeat : lastHeartbeat.values()) {
            if (isAlive(heartbeat, now)) {
                announcedLost.remove(heartbeat.workerId());
            } else if (!heartbeat.occurredAt()
                    .equals(announcedLost.put(heartbeat.workerId(), heartbeat.occurredAt()))) {
                lost.add(heartbeat);
            }
        }
        return lost;
    }

    /**
     * The session's context closed at {@code closedAt} (hibernated or deleted): its sample describes nothing live any
     * more. A sample taken after that, of a context opened since, stays.
     */
    public void contextClosed(SessionId id, Instant closedAt) {
        lastSample.computeIfPresent(id, (key, sample) -> sample.occurredAt().isAfter(closedAt) ? sample : null);
    }

    public Optional<ContextMetrics> sessionMetrics(SessionId id) {
        return Optional.ofNullable(lastSample.get(id));
    }

    private static boolean isAlive(WorkerHeartbeat heartbeat, Instant now) {
        Duration silence = Duration.between(heartbeat.occurredAt(), now);
        return silence.toMillis() < MISSED_HEARTBEATS * heartbeat.heartbeatIntervalMillis();
    }
}
