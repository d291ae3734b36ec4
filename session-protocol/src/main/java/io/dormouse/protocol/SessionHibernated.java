package io.dormouse.protocol;

import java.time.Instant;
import java.util.UUID;

/** The session's snapshot is durable in the hibernation-store and its browser context is closed. */
public record SessionHibernated(UUID eventId, SessionId sessionId, Instant occurredAt, int schemaVersion,
        CommandId commandId, WorkerId workerId, String reason, SnapshotRef snapshot) implements SessionEvent {
    public static SessionHibernated of(CommandId commandId, SessionId sessionId, WorkerId workerId, String reason,
            SnapshotRef snapshot) {
        return new SessionHibernated(UUID.randomUUID(), sessionId, Instant.now(), SCHEMA_VERSION, commandId, workerId,
                reason, snapshot);
    }
}
