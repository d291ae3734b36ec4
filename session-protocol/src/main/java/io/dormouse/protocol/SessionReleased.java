package io.dormouse.protocol;

import java.time.Instant;
import java.util.UUID;

/** The session went back to its pool: its holder released it ({@code released}) or its lease ran out ({@code expired}). */
public record SessionReleased(UUID eventId, SessionId sessionId, Instant occurredAt, int schemaVersion,
        String leaseId, String reason) implements SessionEvent {
    public static final String RELEASED = "released";
    public static final String EXPIRED = "expired";

    public static SessionReleased of(SessionId sessionId, String leaseId, String reason) {
        return new SessionReleased(UUID.randomUUID(), sessionId, Instant.now(), SCHEMA_VERSION, leaseId, reason);
    }
}
