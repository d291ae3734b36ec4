package io.dormouse.protocol;

import java.time.Instant;
import java.util.UUID;

/**
 * A CDP client (Playwright, Puppeteer, ...) connected to the session through the gateway; {@code clients} is how many
 * are connected now. While any is, the session stays active.
 */
public record CdpClientConnected(UUID eventId, SessionId sessionId, Instant occurredAt, int schemaVersion,
        WorkerId workerId, String connectionId, int clients) implements SessionEvent {
    public static CdpClientConnected of(SessionId sessionId, WorkerId workerId, String connectionId, int clients) {
        return new CdpClientConnected(UUID.randomUUID(), sessionId, Instant.now(), SCHEMA_VERSION, workerId,
                connectionId, clients);
    }
}
