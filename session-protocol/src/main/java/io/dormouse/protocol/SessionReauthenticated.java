package io.dormouse.protocol;

import java.time.Instant;
import java.util.UUID;

/** A session's auth probe passed again after it failed; the registry drops the {@code needs-reauth} tag. */
public record SessionReauthenticated(UUID eventId, SessionId sessionId, Instant occurredAt, int schemaVersion)
        implements
            SessionEvent {
    public static SessionReauthenticated of(SessionId sessionId) {
        return new SessionReauthenticated(UUID.randomUUID(), sessionId, Instant.now(), SCHEMA_VERSION);
    }
}
