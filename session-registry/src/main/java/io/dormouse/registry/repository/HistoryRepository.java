package io.dormouse.registry.repository;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

import io.dormouse.protocol.ProtocolJson;
import io.dormouse.protocol.SessionId;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;

/** The session journal; callers own the transaction. */
@ApplicationScoped
public class HistoryRepository implements PanacheRepositoryBase<HistoryEntity, Long> {
    /** Fields whose values may be secrets an agent typed or set; the journal keeps that they were sent, not what. */
    private static final Set<String> MASKED = Set.of("value", "text", "arg", "headers", "items", "password",
            "username");
    private static final TextNode MASK = TextNode.valueOf("***");

    /**
     * Appends an entry. {@code eventId}, when given, makes the append idempotent: a redelivered event is recorded
     * once.
     */
    public Uni<Void> append(SessionId sessionId, Instant occurredAt, HistoryEntity.Kind kind, String type,
            String commandId, UUID eventId, JsonNode detail) {
        return Panache.getSession().chain(session -> session.createNativeQuery(
                "INSERT INTO session_history (session_id, occurred_at, kind, type, command_id, event_id, detail)"
                        + " VALUES (:session, :at, :kind, :type, :command, :event, :detail) ON CONFLICT DO NOTHING")
                .setParameter("session", sessionId.value())
                .setParameter("at", occurredAt.atOffset(ZoneOffset.UTC))
                .setParameter("kind", kind.name())
                .setParameter("type", type)
                .setParameter("command", commandId)
                .setParameter("event", eventId)
                .setParameter("detail", encodeDetail(detail))
                .executeUpdate())
                .replaceWithVoid();
    }

    /** Entries of the session after entry {@code afterId}, oldest first. */
    public Uni<List<HistoryEntity>> page(SessionId sessionId, long afterId, int limit) {
        return find("sessionId = ?1 and id > ?2 order by id", sessionId.value(), afterId).page(0, limit).list();
    }

    /** An entry's detail as stored: JSON, with what may be a secret masked. */
    public static String encodeDetail(JsonNode detail) {
        return ProtocolJson.encode(masked(detail));
    }

    private static JsonNode masked(JsonNode node) {
        JsonNode copy = node.deepCopy();
        mask(copy);
        return copy;
    }

    private static void mask(JsonNode node) {
        if (node instanceof ObjectNode object) {
            object.fieldNames().forEachRemaining(name -> {
                if (MASKED.contains(name) && !object.get(name).isNull()) {
                    object.set(name, MASK);
                } else {
                    mask(object.get(name));
                }
            });
        } else if (node instanceof ArrayNode array) {
            array.forEach(HistoryRepository::mask);
        }
    }
}
