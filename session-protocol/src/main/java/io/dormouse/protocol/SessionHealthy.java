package io.dormouse.protocol;

import java.time.Instant;
import java.util.UUID;

/** A session the health-monitor had judged unhealthy completed an action again; the registry drops its tag. */
public record SessionHealthy(UUID eventId, SessionId sessionId, Instant occurredAt, int schemaVersion)
        implements
            SessionEvent {
    public static SessionHealthy of(SessionId sessionId) {
        return new SessionHealthy(UUID.randomUUID(), sessionId, Instant.now(), SCHEMA_VERSION);
    }
}
