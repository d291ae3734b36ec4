package io.dormouse.protocol;

/**
 * A command the worker that owns the session's partition executes, sent by the registry on
 * {@link Topics#SESSION_ACTIONS}. Every one ends in exactly one {@link ActionOutcome} with the same command id.
 */
public sealed interface WorkerCommand extends SessionCommand permits RunAction, HibernateSession, ResumeSession,
        DeleteSession {
    /**
     * What the worker needs to build the context. The registry fills it in; clients leave it out.
     */
    SessionSpec spec();

    /** The same command with {@code spec} in place of its own. */
    WorkerCommand withSpec(SessionSpec spec);
}
