package io.dormouse.protocol;

import java.time.Instant;
import java.util.UUID;

/**
 * A command failed with a typed error. {@code workerId} is absent when the registry rejected the command before any
 * worker saw it; {@code sessionState} is absent when the failure says nothing about the session's state.
 */
public record ActionFailed(UUID eventId, SessionId sessionId, Instant occurredAt, int schemaVersion,
        CommandId commandId, WorkerId workerId, ActionError error, SessionState sessionState, Timings timings)
        implements
            ActionOutcome {
    public static ActionFailed of(CommandId commandId, SessionId sessionId, WorkerId workerId, ActionError error,
            SessionState sessionState, Timings timings) {
        return new ActionFailed(UUID.randomUUID(), sessionId, Instant.now(), SCHEMA_VERSION, commandId, workerId,
                error, sessionState, timings);
    }
}
