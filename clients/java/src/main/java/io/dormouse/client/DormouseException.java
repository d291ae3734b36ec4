package io.dormouse.client;

import java.util.Map;
import java.util.function.Function;

/**
 * An error the Dormouse API answered, or met talking to it. {@link #code()} is the API's {@code error.code}
 * ({@code policy-denied}, {@code selector-not-found}, {@code session-not-found}, …); {@link #status()} the HTTP status
 * (200 for a failed action); {@link #commandId()} the command it concerns, when there is one. The nested subclasses
 * name the codes callers usually tell apart.
 */
public class DormouseException extends RuntimeException {
    private final String code;
    private final int status;
    private final String commandId;

    public DormouseException(String code, String message, int status, String commandId) {
        super(code + ": " + message);
        this.code = code;
        this.status = status;
        this.commandId = commandId;
    }

    public String code() {
        return code;
    }

    public int status() {
        return status;
    }

    public String commandId() {
        return commandId;
    }

    /** 400: malformed JSON, an unknown field or action type, a value out of range. */
    public static class InvalidRequest extends DormouseException {
        public InvalidRequest(String code, String message, int status, String commandId) {
            super(code, message, status, commandId);
        }
    }

    /** 401 or 403: no key, an unknown key, or a role that may not do this. */
    public static class NotAllowed extends DormouseException {
        public NotAllowed(String code, String message, int status, String commandId) {
            super(code, message, status, commandId);
        }
    }

    /** 404: no such session, or another tenant's. */
    public static class SessionNotFound extends DormouseException {
        public SessionNotFound(String code, String message, int status, String commandId) {
            super(code, message, status, commandId);
        }
    }

    /** 410: the session was deleted. */
    public static class SessionDeleted extends DormouseException {
        public SessionDeleted(String code, String message, int status, String commandId) {
            super(code, message, status, commandId);
        }
    }

    /** 409: the session's state does not admit the request. */
    public static class InvalidState extends DormouseException {
        public InvalidState(String code, String message, int status, String commandId) {
            super(code, message, status, commandId);
        }
    }

    /** 504, 503, or the registry unreachable: the command may still end; {@link #commandId()} names it. */
    public static class Unavailable extends DormouseException {
        public Unavailable(String code, String message, int status, String commandId) {
            super(code, message, status, commandId);
        }
    }

    /** The pool has no free session carrying the tags asked for. */
    public static class NoFreeSession extends DormouseException {
        public NoFreeSession(String message) {
            super("no-free-session", message, 204, null);
        }
    }

    /** An action that ran and failed; the subclasses name the common codes. */
    public static class ActionFailed extends DormouseException {
        public ActionFailed(String code, String message, int status, String commandId) {
            super(code, message, status, commandId);
        }
    }

    /** The navigation policy refused the URL (a local file, the stack's own services, a denied host). */
    public static class PolicyDenied extends ActionFailed {
        public PolicyDenied(String code, String message, int status, String commandId) {
            super(code, message, status, commandId);
        }
    }

    /** No element matching the selector reached the state asked for in time. */
    public static class SelectorNotFound extends ActionFailed {
        public SelectorNotFound(String code, String message, int status, String commandId) {
            super(code, message, status, commandId);
        }
    }

    /** The action did not finish within its timeout. */
    public static class ActionTimeout extends ActionFailed {
        public ActionTimeout(String code, String message, int status, String commandId) {
            super(code, message, status, commandId);
        }
    }

    /** The expression threw, or its value is not JSON. */
    public static class EvaluationFailed extends ActionFailed {
        public EvaluationFailed(String code, String message, int status, String commandId) {
            super(code, message, status, commandId);
        }
    }

    private interface Maker {
        DormouseException make(String code, String message, int status, String commandId);
    }

    private static final Map<String, Maker> BY_CODE = Map.ofEntries(
            Map.entry("invalid-request", InvalidRequest::new),
            Map.entry("unauthorized", NotAllowed::new),
            Map.entry("forbidden", NotAllowed::new),
            Map.entry("session-not-found", SessionNotFound::new),
            Map.entry("session-deleted", SessionDeleted::new),
            Map.entry("invalid-state", InvalidState::new),
            Map.entry("worker-timeout", Unavailable::new),
            Map.entry("broker-unavailable", Unavailable::new),
            Map.entry("store-unavailable", Unavailable::new),
            Map.entry("policy-denied", PolicyDenied::new),
            Map.entry("selector-not-found", SelectorNotFound::new),
            Map.entry("timeout", ActionTimeout::new),
            Map.entry("evaluation-failed", EvaluationFailed::new));

    /** The typed exception for {@code code}; an unknown code of a failed action is still an {@link ActionFailed}. */
    static DormouseException of(String code, String message, int status, String commandId, boolean action) {
        Maker maker = BY_CODE.get(code);
        if (maker != null) {
            return maker.make(code, message, status, commandId);
        }
        Function<String, DormouseException> fallback = action
                ? c -> new ActionFailed(c, message, status, commandId)
                : c -> new DormouseException(c, message, status, commandId);
        return fallback.apply(code);
    }
}
