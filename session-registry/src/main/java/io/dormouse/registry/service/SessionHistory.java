package io.dormouse.registry.service;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.dormouse.protocol.ActionOutcome;
import io.dormouse.protocol.AuthProbed;
import io.dormouse.protocol.CdpClientConnected;
import io.dormouse.protocol.CdpClientDisconnected;
import io.dormouse.protocol.PageCrashed;
import io.dormouse.protocol.ProtocolJson;
import io.dormouse.protocol.SessionActivated;
import io.dormouse.protocol.SessionCheckedOut;
import io.dormouse.protocol.SessionCreated;
import io.dormouse.protocol.SessionDeleted;
import io.dormouse.protocol.SessionEvent;
import io.dormouse.protocol.SessionHealthy;
import io.dormouse.protocol.SessionHibernated;
import io.dormouse.protocol.SessionId;
import io.dormouse.protocol.SessionIdle;
import io.dormouse.protocol.SessionNeedsReauth;
import io.dormouse.protocol.SessionReauthenticated;
import io.dormouse.protocol.SessionReleased;
import io.dormouse.protocol.SessionRestored;
import io.dormouse.protocol.SessionTagsChanged;
import io.dormouse.protocol.SessionUnhealthy;
import io.dormouse.protocol.SnapshotCorrupted;
import io.dormouse.protocol.SnapshotMoved;
import io.dormouse.protocol.WorkerCommand;
import io.dormouse.registry.repository.HistoryEntity;
import io.dormouse.registry.repository.HistoryRepository;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

/**
 * Writes the session journal: commands when the registry first admits them, their outcomes when they first arrive,
 * and lifecycle events, the registry's own in the transaction that makes them and the workers' as they are consumed.
 * Each entry keeps what happened, not the page's data: action results are left out and secrets masked.
 */
@ApplicationScoped
public class SessionHistory {
    /** Fields every message has, or that are too large or too sensitive for a journal. */
    private static final List<String> OMITTED = List.of("type", "eventId", "sessionId", "occurredAt", "schemaVersion",
            "commandId", "spec", "restore", "result");

    @Inject
    HistoryRepository history;

    /** In the caller's transaction. */
    public Uni<Void> event(SessionEvent event) {
        JsonNode json = ProtocolJson.mapper().valueToTree(event);
        return history.append(event.sessionId(), event.occurredAt(), HistoryEntity.Kind.EVENT,
                event.getClass().getSimpleName(), text(json.get("commandId")), event.eventId(), detail(json));
    }

    /** The journal entry's detail of {@code command}, as the journal stores it; the command journal writes it. */
    public String detailOf(WorkerCommand command) {
        return HistoryRepository.encodeDetail(detail(ProtocolJson.mapper().valueToTree(command)));
    }

    /** The journal entry's detail of {@code outcome}, as the journal stores it; the command journal writes it. */
    public String detailOf(ActionOutcome outcome) {
        return HistoryRepository.encodeDetail(detail(ProtocolJson.mapper().valueToTree(outcome)));
    }

    /** Records an event a worker published, once however often it is delivered; its own transaction. */
    public Uni<Void> recordConsumed(SessionEvent event) {
        return fromOtherServices(event) ? Panache.withTransaction(() -> event(event)) : Uni.createFrom().voidItem();
    }

    public Uni<List<HistoryEntity>> page(SessionId id, long afterId, int limit) {
        return Panache.withSession(() -> history.page(id, afterId, limit));
    }

    /** The registry journals its own events where it makes them; these come from workers and the store. */
    private static boolean fromOtherServices(SessionEvent event) {
        return switch (event) {
            case SessionActivated e -> true;
            case SessionHibernated e -> true;
            case SessionRestored e -> true;
            case SessionIdle e -> true;
            case PageCrashed e -> true;
            // From the hibernation-store and the health-monitor.
            case SnapshotMoved e -> true;
            case SessionUnhealthy e -> true;
            case SessionHealthy e -> true;
            case SessionNeedsReauth e -> true;
            case SessionReauthenticated e -> true;
            case SnapshotCorrupted e -> true;
            case CdpClientConnected e -> true;
            case CdpClientDisconnected e -> true;
            // A probe runs every interval of its profile; the journal keeps only the verdicts the monitor draws.
            case AuthProbed e -> false;
            case SessionCreated e -> false;
            case SessionTagsChanged e -> false;
            case SessionDeleted e -> false;
            case SessionCheckedOut e -> false;
            case SessionReleased e -> false;
        };
    }

    private static JsonNode detail(JsonNode json) {
        ObjectNode detail = ((ObjectNode) json).deepCopy();
        detail.remove(OMITTED);
        return detail;
    }

    private static String text(JsonNode node) {
        return node == null || node.isNull() ? null : node.asText();
    }
}
