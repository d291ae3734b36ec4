package io.dormouse.protocol;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

public record SessionTagsChanged(UUID eventId, SessionId sessionId, Instant occurredAt, int schemaVersion,
        CommandId commandId, List<String> tags) implements SessionEvent {
    public static SessionTagsChanged of(CommandId commandId, SessionId sessionId, List<String> tags) {
        return new SessionTagsChanged(UUID.randomUUID(), sessionId, Instant.now(), SCHEMA_VERSION, commandId, tags);
    }
}
