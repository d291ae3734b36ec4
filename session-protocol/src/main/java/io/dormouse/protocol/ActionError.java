package io.dormouse.protocol;

import java.util.Objects;

/**
 * A typed failure. {@code code} is one of the constants below so clients can branch on it; {@code message} is for
 * humans.
 */
public record ActionError(String code, String message) {
    public static final String TIMEOUT = "timeout";
    public static final String SELECTOR_NOT_FOUND = "selector-not-found";
    public static final String NAVIGATION_FAILED = "navigation-failed";
    public static final String EVALUATION_FAILED = "evaluation-failed";
    public static final String PAGE_CRASHED = "page-crashed";
    public static final String POLICY_DENIED = "policy-denied";
    public static final String WORKER_LOST = "worker-lost";
    public static final String DUPLICATE_COMMAND = "duplicate-command";
    public static final String RESULT_TOO_LARGE = "result-too-large";
    public static final String SNAPSHOT_UNAVAILABLE = "snapshot-unavailable";
    public static final String SNAPSHOT_MISSING = "snapshot-missing";
    /** The hibernation-store did not answer (or answered 5xx) after retries; the caller may try again later. */
    public static final String STORE_UNAVAILABLE = "store-unavailable";
    public static final String SESSION_DELETED = "session-deleted";
    public static final String INVALID_COMMAND = "invalid-command";
    public static final String SESSION_NOT_FOUND = "session-not-found";
    public static final String INTERNAL = "internal";

    public ActionError {
        Objects.requireNonNull(code, "code is required");
        message = Objects.requireNonNullElse(message, code);
    }
}
