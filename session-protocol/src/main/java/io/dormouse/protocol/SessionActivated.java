package io.dormouse.protocol;

import java.time.Instant;
import java.util.UUID;

/** A worker created a fresh browser context for a session that had no state yet. */
public record SessionActivated(UUID eventId, SessionId sessionId, Instant occurredAt, int schemaVersion,
        CommandId commandId, WorkerId workerId) implements SessionEvent {
    public static SessionActivated of(CommandId commandId, SessionId sessionId, WorkerId workerId) {
        return new SessionActivated(UUID.randomUUID(), sessionId, Instant.now(), SCHEMA_VERSION, commandId, workerId);
    }
}
