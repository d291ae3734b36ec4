package io.dormouse.protocol;

import java.time.Instant;
import java.util.UUID;

/** The session is gone; the hibernation-store deletes its snapshots when it sees this. */
public record SessionDeleted(UUID eventId, SessionId sessionId, Instant occurredAt, int schemaVersion,
        CommandId commandId) implements SessionEvent {
    public static SessionDeleted of(CommandId commandId, SessionId sessionId) {
        return new SessionDeleted(UUID.randomUUID(), sessionId, Instant.now(), SCHEMA_VERSION, commandId);
    }
}
