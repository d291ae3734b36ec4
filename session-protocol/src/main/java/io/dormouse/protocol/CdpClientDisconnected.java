package io.dormouse.protocol;

import java.time.Instant;
import java.util.UUID;

/**
 * A CDP client left the session: {@code reason} is {@code client} (it closed the socket or called
 * {@code Browser.close}) or {@code session-closed} (the session was hibernated, moved or deleted under it, or its
 * browser went away). {@code clients} is how many are still connected; {@code messages} how many the client sent.
 */
public record CdpClientDisconnected(UUID eventId, SessionId sessionId, Instant occurredAt, int schemaVersion,
        WorkerId workerId, String connectionId, int clients, String reason, long messages) implements SessionEvent {
    public static final String CLIENT = "client";
    public static final String SESSION_CLOSED = "session-closed";

    public static CdpClientDisconnected of(SessionId sessionId, WorkerId workerId, String connectionId, int clients,
            String reason, long messages) {
        return new CdpClientDisconnected(UUID.randomUUID(), sessionId, Instant.now(), SCHEMA_VERSION, workerId,
                connectionId, clients, reason, messages);
    }
}
