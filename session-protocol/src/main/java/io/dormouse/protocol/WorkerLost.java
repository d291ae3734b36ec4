package io.dormouse.protocol;

import java.time.Instant;
import java.util.UUID;

/**
 * The health-monitor heard no heartbeat from a worker for three of its announced intervals. Published on the events
 * topic keyed by the worker id; the registry reports the sessions that worker held as recovering until another worker
 * serves them.
 */
public record WorkerLost(UUID eventId, Instant occurredAt, int schemaVersion, WorkerId workerId,
        Instant lastHeartbeatAt, int activeContexts) implements DormouseEvent {
    public static WorkerLost of(WorkerId workerId, Instant lastHeartbeatAt, int activeContexts) {
        return new WorkerLost(UUID.randomUUID(), Instant.now(), SCHEMA_VERSION, workerId, lastHeartbeatAt,
                activeContexts);
    }
}
