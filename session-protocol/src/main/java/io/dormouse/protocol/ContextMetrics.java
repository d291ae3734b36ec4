package io.dormouse.protocol;

import java.time.Instant;
import java.util.UUID;

/**
 * One sample of a live context's health, published on {@link Topics#SESSION_METRICS}. Counts are since the context
 * was opened on its current worker; {@code lastActiveAt} is when a command last used it;
 * {@code memoryThresholdMb} is its profile's, when the profile sets one.
 */
public record ContextMetrics(UUID eventId, SessionId sessionId, Instant occurredAt, int schemaVersion,
        WorkerId workerId, long jsHeapUsedBytes, int pageCount, int consoleErrorCount, int crashCount,
        int failedActionCount, Instant lastActiveAt, Integer memoryThresholdMb) implements DormouseEvent {

    /** What a worker measured of one context. */
    public record Sample(long jsHeapUsedBytes, int pageCount, int consoleErrorCount, int crashCount,
            int failedActionCount, Instant lastActiveAt, Integer memoryThresholdMb) {
    }

    public static ContextMetrics of(SessionId sessionId, WorkerId workerId, Sample sample) {
        return new ContextMetrics(UUID.randomUUID(), sessionId, Instant.now(), SCHEMA_VERSION, workerId,
                sample.jsHeapUsedBytes(), sample.pageCount(), sample.consoleErrorCount(), sample.crashCount(),
                sample.failedActionCount(), sample.lastActiveAt(), sample.memoryThresholdMb());
    }
}
