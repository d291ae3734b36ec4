package io.dormouse.protocol;

import java.time.Instant;
import java.util.UUID;

/** A worker rehydrated the session from its snapshot; {@code restoreMillis} is what the rehydration took. */
public record SessionRestored(UUID eventId, SessionId sessionId, Instant occurredAt, int schemaVersion,
        CommandId commandId, WorkerId workerId, SnapshotRef snapshot, long restoreMillis) implements SessionEvent {
    public static SessionRestored of(CommandId commandId, SessionId sessionId, WorkerId workerId,
            SnapshotRef snapshot, long restoreMillis) {
        return new SessionRestored(UUID.randomUUID(), sessionId, Instant.now(), SCHEMA_VERSION, commandId, workerId,
                snapshot, restoreMillis);
    }
}
