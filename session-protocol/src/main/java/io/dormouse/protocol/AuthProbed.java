package io.dormouse.protocol;

import java.time.Instant;
import java.util.UUID;

/**
 * A worker ran its profile's {@link AuthProbe} on a live session ({@code trigger}: {@value #ACTIVATED} or
 * {@value #SCHEDULED}). When it failed, {@code failedCheck} names the first check that did not hold and {@code detail}
 * says why; the health-monitor turns a failure into {@link SessionNeedsReauth}.
 */
public record AuthProbed(UUID eventId, SessionId sessionId, Instant occurredAt, int schemaVersion, WorkerId workerId,
        boolean passed, String failedCheck, String detail, String url, String trigger) implements SessionEvent {
    public static final String ACTIVATED = "activated";
    public static final String SCHEDULED = "scheduled";

    public static AuthProbed passed(SessionId sessionId, WorkerId workerId, String url, String trigger) {
        return new AuthProbed(UUID.randomUUID(), sessionId, Instant.now(), SCHEMA_VERSION, workerId, true, null, null,
                url, trigger);
    }

    public static AuthProbed failed(SessionId sessionId, WorkerId workerId, String failedCheck, String detail,
            String url, String trigger) {
        return new AuthProbed(UUID.randomUUID(), sessionId, Instant.now(), SCHEMA_VERSION, workerId, false,
                failedCheck, detail, url, trigger);
    }
}
