package io.dormouse.protocol;

import java.time.Instant;
import java.util.UUID;

/** A worker's periodic sign of life, published on {@link Topics#WORKER_HEARTBEATS} keyed by worker id. */
public record WorkerHeartbeat(UUID eventId, WorkerId workerId, Instant occurredAt, int schemaVersion,
        int activeContexts, int capacity, long heartbeatIntervalMillis) implements DormouseEvent {
    public static WorkerHeartbeat of(WorkerId workerId, int activeContexts, int capacity,
            long heartbeatIntervalMillis) {
        return new WorkerHeartbeat(UUID.randomUUID(), workerId, Instant.now(), SCHEMA_VERSION, activeContexts,
                capacity, heartbeatIntervalMillis);
    }
}
