package io.dormouse.protocol;

import java.time.Instant;
import java.util.UUID;

/**
 * A worker's periodic sign of life, published on {@link Topics#WORKER_HEARTBEATS} keyed by worker id.
 * {@code browserMemoryBytes} is the memory of all its Chromium processes; {@code gatewayAddress} ({@code host:port}) is
 * where the registry's CDP gateway reaches it, null when it serves no CDP clients.
 */
public record WorkerHeartbeat(UUID eventId, WorkerId workerId, Instant occurredAt, int schemaVersion,
        int activeContexts, int capacity, long heartbeatIntervalMillis, long browserMemoryBytes,
        String gatewayAddress)
        implements
            DormouseEvent {
    public static WorkerHeartbeat of(WorkerId workerId, int activeContexts, int capacity, long heartbeatIntervalMillis,
            long browserMemoryBytes, String gatewayAddress) {
        return new WorkerHeartbeat(UUID.randomUUID(), workerId, Instant.now(), SCHEMA_VERSION, activeContexts,
                capacity, heartbeatIntervalMillis, browserMemoryBytes, gatewayAddress);
    }
}
