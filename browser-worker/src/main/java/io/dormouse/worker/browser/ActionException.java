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

    /**
     * The {@code internal} error a client sees for an unexpected failure: the first line of its reason, without the
     * driver's call log or a stack trace, which would tell a caller about the worker's insides.
     */
    public static ActionError internal(RuntimeException e) {
        String reason = e instanceof com.microsoft.playwright.PlaywrightException playwright
                ? ActionFailures.firstLine(playwright)
                : String.valueOf(e.getMessage()).strip().lines().findFirst().orElse("");
        return new ActionError(ActionError.INTERNAL, reason.length() > 300 ? reason.substring(0, 300) + "…" : reason);
    }
}
