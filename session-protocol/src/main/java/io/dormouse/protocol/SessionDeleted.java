package io.dormouse.protocol;

import java.time.Instant;
import java.util.UUID;

/**
 * The session is gone; the hibernation-store deletes its snapshots when it sees this. {@code reason}: {@code requested}
 * by a client, or {@code retention} when a retention rule pruned it.
 */
public record SessionDeleted(UUID eventId, SessionId sessionId, Instant occurredAt, int schemaVersion,
        CommandId commandId, String reason) implements SessionEvent {
    public static final String REQUESTED = "requested";
    public static final String RETENTION = "retention";

    public static SessionDeleted of(CommandId commandId, SessionId sessionId) {
        return of(commandId, sessionId, REQUESTED);
    }

    public static SessionDeleted of(CommandId commandId, SessionId sessionId, String reason) {
        return new SessionDeleted(UUID.randomUUID(), sessionId, Instant.now(), SCHEMA_VERSION, commandId, reason);
    }
}
