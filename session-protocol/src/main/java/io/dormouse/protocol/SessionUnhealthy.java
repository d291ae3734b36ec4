package io.dormouse.protocol;

import java.time.Instant;
import java.util.UUID;

/**
 * The health-monitor judged a session unhealthy ({@code reason}: {@value #FAILED_ACTIONS} or {@value #RECYCLE_STORM});
 * the registry tags it {@value #TAG} until {@link SessionHealthy} clears it.
 */
public record SessionUnhealthy(UUID eventId, SessionId sessionId, Instant occurredAt, int schemaVersion, String reason,
        String detail) implements SessionEvent {
    public static final String TAG = "unhealthy";
    public static final String FAILED_ACTIONS = "failed-actions";
    public static final String RECYCLE_STORM = "recycle-storm";

    public static SessionUnhealthy of(SessionId sessionId, String reason, String detail) {
        return new SessionUnhealthy(UUID.randomUUID(), sessionId, Instant.now(), SCHEMA_VERSION, reason, detail);
    }
}
