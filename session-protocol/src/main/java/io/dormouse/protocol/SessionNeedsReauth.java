package io.dormouse.protocol;

import java.time.Instant;
import java.util.UUID;

/**
 * A session's auth probe failed: the site logged it out. The registry tags it {@value #TAG} so an agent can log in
 * again; {@link SessionReauthenticated} clears it.
 */
public record SessionNeedsReauth(UUID eventId, SessionId sessionId, Instant occurredAt, int schemaVersion,
        String failedCheck, String detail) implements SessionEvent {
    public static final String TAG = "needs-reauth";

    public static SessionNeedsReauth of(SessionId sessionId, String failedCheck, String detail) {
        return new SessionNeedsReauth(UUID.randomUUID(), sessionId, Instant.now(), SCHEMA_VERSION, failedCheck,
                detail);
    }
}
