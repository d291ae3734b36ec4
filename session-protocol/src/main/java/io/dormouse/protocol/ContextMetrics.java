package io.dormouse.protocol;

import java.time.Instant;
import java.util.UUID;

/** One sample of a live context's health, published on {@link Topics#SESSION_METRICS}. */
public record ContextMetrics(UUID eventId, SessionId sessionId, Instant occurredAt, int schemaVersion,
        WorkerId workerId, long jsHeapUsedBytes, int pageCount) implements DormouseEvent {
    public static ContextMetrics of(SessionId sessionId, WorkerId workerId, long jsHeapUsedBytes, int pageCount) {
        return new ContextMetrics(UUID.randomUUID(), sessionId, Instant.now(), SCHEMA_VERSION, workerId,
                jsHeapUsedBytes, pageCount);
    }
}
