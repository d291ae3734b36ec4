package io.dormouse.protocol;

import java.util.Objects;

/** Makes the session active: rehydrates it from {@code restore} when it has no live context. */
public record ResumeSession(CommandId commandId, SessionId sessionId, SessionSpec spec, RestorePoint restore)
        implements
            WorkerCommand {
    public ResumeSession {
        Objects.requireNonNull(commandId, "commandId is required");
        Objects.requireNonNull(sessionId, "sessionId is required");
    }

    @Override
    public ResumeSession withSpec(SessionSpec newSpec) {
        return new ResumeSession(commandId, sessionId, newSpec, restore);
    }
}
