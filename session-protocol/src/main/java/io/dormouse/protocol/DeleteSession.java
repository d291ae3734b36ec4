package io.dormouse.protocol;

import java.util.Objects;

/** Deletes the session for good; a worker holding its context discards it without a snapshot. */
public record DeleteSession(CommandId commandId, SessionId sessionId, SessionSpec spec) implements WorkerCommand {
    public DeleteSession {
        Objects.requireNonNull(commandId, "commandId is required");
        Objects.requireNonNull(sessionId, "sessionId is required");
    }

    @Override
    public DeleteSession withSpec(SessionSpec newSpec) {
        return new DeleteSession(commandId, sessionId, newSpec);
    }
}
