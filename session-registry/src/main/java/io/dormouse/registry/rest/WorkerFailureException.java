package io.dormouse.registry.rest;

import io.dormouse.protocol.ActionFailed;

/**
 * A lifecycle command (hibernate, resume) the worker could not carry out; answered as 502 with the worker's error (503
 * for {@code store-unavailable}).
 */
public class WorkerFailureException extends RuntimeException {
    private final transient ActionFailed failure;

    public WorkerFailureException(ActionFailed failure) {
        super(failure.error().code() + ": " + failure.error().message());
        this.failure = failure;
    }

    public ActionFailed failure() {
        return failure;
    }
}
