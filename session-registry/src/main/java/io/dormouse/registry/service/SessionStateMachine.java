package io.dormouse.registry.service;

import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

import io.dormouse.protocol.SessionId;
import io.dormouse.protocol.SessionState;

/**
 * The one place that says which lifecycle states follow which, and which requests a state admits. Workers' reports
 * that would break it are ignored; clients' requests that it refuses get a 409 naming the state, or 410 once deleted.
 */
public final class SessionStateMachine {
    /** What a client asks of a session. */
    public enum Request {
        ACT,
        HIBERNATE,
        RESUME,
        RECYCLE,
        REWIND,
        FORK,
        RETAG,
        RELEASE,
        DELETE
    }

    private static final Map<SessionState, Set<SessionState>> NEXT = new EnumMap<>(SessionState.class);

    static {
        // A worker may report a hibernation before the registry heard of the activation, hence CREATED -> HIBERNATED.
        NEXT.put(SessionState.CREATED, EnumSet.of(SessionState.ACTIVE, SessionState.HIBERNATED, SessionState.DELETED));
        NEXT.put(SessionState.ACTIVE, EnumSet.of(SessionState.ACTIVE, SessionState.HIBERNATED, SessionState.DELETED));
        NEXT.put(SessionState.HIBERNATED,
                EnumSet.of(SessionState.ACTIVE, SessionState.HIBERNATED, SessionState.DELETED));
        NEXT.put(SessionState.DELETED, EnumSet.noneOf(SessionState.class));
    }

    private SessionStateMachine() {
    }

    public static boolean allows(SessionState from, SessionState to) {
        return NEXT.get(from).contains(to);
    }

    /** Refuses {@code request} when the session's {@code state} does not admit it. */
    public static void check(SessionId id, SessionState state, Request request) {
        if (state == SessionState.DELETED) {
            throw new SessionException(SessionException.Kind.GONE, "session " + id + " was deleted");
        }
        boolean neverActive = state == SessionState.CREATED;
        if (neverActive && (request == Request.HIBERNATE || request == Request.RECYCLE || request == Request.REWIND
                || request == Request.FORK)) {
            throw new SessionException(SessionException.Kind.CONFLICT, "session " + id + " is CREATED: it has never"
                    + " been active, so there is nothing to " + request.name().toLowerCase());
        }
    }
}
