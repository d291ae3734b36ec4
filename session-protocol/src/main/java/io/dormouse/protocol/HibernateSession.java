package io.dormouse.protocol;

import java.util.Objects;

/** Snapshots the session, stores the snapshot durably, then frees its browser context. */
public record HibernateSession(CommandId commandId, SessionId sessionId, SessionSpec spec, String reason)
        implements
            WorkerCommand {
    public HibernateSession {
        Objects.requireNonNull(commandId, "commandId is required");
        Objects.requireNonNull(sessionId, "sessionId is required");
        reason = Objects.requireNonNullElse(reason, "requested");
    }

    @Override
    public HibernateSession withSpec(SessionSpec newSpec) {
        return new HibernateSession(commandId, sessionId, newSpec, reason);
    }
}
