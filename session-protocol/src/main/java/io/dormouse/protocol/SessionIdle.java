package io.dormouse.protocol;

import java.time.Instant;
import java.util.UUID;

/**
 * A live session crossed one of the worker's idle thresholds: no command used it for {@code idleSeconds}. The
 * hibernation-store decides from it whether the session's tier wants it hibernated.
 */
public record SessionIdle(UUID eventId, SessionId sessionId, Instant occurredAt, int schemaVersion, WorkerId workerId,
        long idleSeconds, Instant lastActiveAt) implements SessionEvent {
    public static SessionIdle of(SessionId sessionId, WorkerId workerId, long idleSeconds, Instant lastActiveAt) {
        return new SessionIdle(UUID.randomUUID(), sessionId, Instant.now(), SCHEMA_VERSION, workerId, idleSeconds,
                lastActiveAt);
    }
}
