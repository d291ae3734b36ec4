package io.dormouse.protocol;

import java.util.Objects;

/**
 * Snapshots the session, closes its browser context and rehydrates it under the same id, so cookies, storage and the
 * page survive while the browser's memory starts afresh. The registry runs it as a hibernation with {@code reason}
 * followed by a resume; the health-monitor issues it for sessions over their memory threshold or with a crashed page.
 */
public record RecycleSession(CommandId commandId, SessionId sessionId, String reason) implements SessionCommand {
    public RecycleSession {
        Objects.requireNonNull(commandId, "commandId is required");
        Objects.requireNonNull(sessionId, "sessionId is required");
        reason = Objects.requireNonNullElse(reason, "recycle");
    }
}
