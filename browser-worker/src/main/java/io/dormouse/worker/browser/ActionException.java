package io.dormouse.worker.browser;

import io.dormouse.protocol.ActionError;

/** A session-level failure with its typed error; it fails one command, never the worker. */
public class ActionException extends RuntimeException {
    private final transient ActionError error;

    public ActionException(String code, String message, Throwable cause) {
        super(code + ": " + message, cause);
        this.error = new ActionError(code, message);
    }

    public ActionException(String code, String message) {
        this(code, message, null);
    }

    public ActionError error() {
        return error;
    }
}
