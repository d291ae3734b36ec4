package io.dormouse.protocol;

import java.time.Instant;
import java.util.UUID;

/** A pool checkout handed the session to one holder under {@code leaseId} until {@code leasedUntil}. */
public record SessionCheckedOut(UUID eventId, SessionId sessionId, Instant occurredAt, int schemaVersion,
        String leaseId, Instant leasedUntil) implements SessionEvent {
    public static SessionCheckedOut of(SessionId sessionId, String leaseId, Instant leasedUntil) {
        return new SessionCheckedOut(UUID.randomUUID(), sessionId, Instant.now(), SCHEMA_VERSION, leaseId,
                leasedUntil);
    }
}
