package io.dormouse.protocol;

import java.time.Instant;
import java.util.UUID;

/** A page (renderer) of a live session crashed; {@code crashCount} counts the context's crashes so far. */
public record PageCrashed(UUID eventId, SessionId sessionId, Instant occurredAt, int schemaVersion, WorkerId workerId,
        String url, int crashCount) implements SessionEvent {
    public static PageCrashed of(SessionId sessionId, WorkerId workerId, String url, int crashCount) {
        return new PageCrashed(UUID.randomUUID(), sessionId, Instant.now(), SCHEMA_VERSION, workerId, url,
                crashCount);
    }
}
