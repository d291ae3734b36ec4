package io.dormouse.protocol;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A session was created; its spec as the events topic may carry it, without the proxy's password. */
public record SessionCreated(UUID eventId, SessionId sessionId, Instant occurredAt, int schemaVersion,
        CommandId commandId, SessionSpec spec, List<String> tags) implements SessionEvent {
    public static SessionCreated of(CommandId commandId, SessionId sessionId, SessionSpec spec, List<String> tags) {
        return new SessionCreated(UUID.randomUUID(), sessionId, Instant.now(), SCHEMA_VERSION, commandId,
                spec.redacted(), tags);
    }
}
