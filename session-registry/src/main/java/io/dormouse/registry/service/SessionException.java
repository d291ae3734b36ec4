package io.dormouse.registry.service;

/** A request the registry refuses, with the reason a caller can act on; the REST layer maps {@link Kind} to a status. */
public class SessionException extends RuntimeException {
    public enum Kind {
        INVALID("invalid-request"),
        NOT_FOUND("session-not-found"),
        COMMAND_NOT_FOUND("command-not-found"),
        PROFILE_NOT_FOUND("profile-not-found"),
        GONE("session-deleted"),
        CONFLICT("invalid-state"),
        TIMEOUT("worker-timeout"),
        FORBIDDEN("forbidden"),
        BROKER_UNAVAILABLE("broker-unavailable"),
        DATABASE_UNAVAILABLE("database-unavailable");

        public final String code;

        Kind(String code) {
            this.code = code;
        }
    }

    private final Kind kind;
    private final String commandId;

    public SessionException(Kind kind, String message) {
        this(kind, message, null);
    }

    /** {@code commandId}: the command whose outcome is unknown, so the caller can look it up later. */
    public SessionException(Kind kind, String message, String commandId) {
        super(message);
        this.kind = kind;
        this.commandId = commandId;
    }

    public String commandId() {
        return commandId;
    }

    public Kind kind() {
        return kind;
    }

    /** PostgreSQL is not there (see {@code DatabaseFailures#unavailable}): an outage the caller waits out. */
    public static SessionException databaseUnavailable() {
        return new SessionException(Kind.DATABASE_UNAVAILABLE, "the registry's database does not answer: try again"
                + " once it is back (a command retried with the same Dormouse-Command-Id runs once)");
    }

    public static SessionException notFound(String sessionId) {
        return new SessionException(Kind.NOT_FOUND, "no session '" + sessionId + "'");
    }
}
