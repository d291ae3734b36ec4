package io.dormouse.protocol;

/**
 * How a {@link WorkerCommand} ended, published on {@link Topics#SESSION_RESULTS} with the command's id. Exactly one
 * per command execution.
 */
public sealed interface ActionOutcome extends DormouseEvent permits ActionCompleted, ActionFailed {
    SessionId sessionId();

    CommandId commandId();

    WorkerId workerId();

    Timings timings();
}
