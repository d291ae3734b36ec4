package io.dormouse.protocol;

import java.time.Instant;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A command succeeded. {@code sessionState} is the state the command left the session in, and {@code snapshot} the
 * snapshot a hibernation wrote, so the registry can answer the caller from this outcome alone.
 */
public record ActionCompleted(UUID eventId, SessionId sessionId, Instant occurredAt, int schemaVersion,
        CommandId commandId, WorkerId workerId, JsonNode result, SessionState sessionState, SnapshotRef snapshot,
        Timings timings) implements ActionOutcome {
    public static ActionCompleted of(CommandId commandId, SessionId sessionId, WorkerId workerId, JsonNode result,
            SessionState sessionState, SnapshotRef snapshot, Timings timings) {
        return new ActionCompleted(UUID.randomUUID(), sessionId, Instant.now(), SCHEMA_VERSION, commandId, workerId,
                result, sessionState, snapshot, timings);
    }
}
