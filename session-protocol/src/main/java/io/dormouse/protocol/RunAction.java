package io.dormouse.protocol;

import java.time.Instant;
import java.util.Objects;

/**
 * Runs one page action. A session without a live context is activated first: a fresh context, or its snapshot
 * rehydrated when {@code restore} says one exists.
 */
public record RunAction(
        CommandId commandId,
        SessionId sessionId,
        SessionSpec spec,
        Action action,
        RestorePoint restore,
        Instant issuedAt,
        long timeoutMillis) implements WorkerCommand {
    public static final long DEFAULT_TIMEOUT_MILLIS = 30_000;

    public RunAction {
        Objects.requireNonNull(commandId, "commandId is required");
        Objects.requireNonNull(sessionId, "sessionId is required");
        Objects.requireNonNull(action, "action is required");
        issuedAt = Objects.requireNonNullElseGet(issuedAt, Instant::now);
        if (timeoutMillis <= 0) {
            timeoutMillis = DEFAULT_TIMEOUT_MILLIS;
        }
    }

    @Override
    public RunAction withSpec(SessionSpec newSpec) {
        return new RunAction(commandId, sessionId, newSpec, action, restore, issuedAt, timeoutMillis);
    }
}
