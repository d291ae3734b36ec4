package io.dormouse.registry.repository;

import java.time.Instant;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;

/** Sessions and the processed-message ledger in PostgreSQL; callers own the transaction. */
@ApplicationScoped
public class SessionRepository implements PanacheRepositoryBase<SessionEntity, String> {

    /** Live sessions carrying every one of {@code tags} (GIN-indexed array containment), oldest first. */
    public Uni<List<SessionEntity>> listLive(List<String> tags, int limit) {
        return Panache.getSession()
                .chain(session -> session
                        .createNativeQuery("SELECT * FROM sessions WHERE state <> 'DELETED'"
                                + " AND tags @> :tags ORDER BY created_at, id LIMIT :limit",
                                SessionEntity.class)
                        .setParameter("tags", tags.toArray(String[]::new))
                        .setParameter("limit", limit)
                        .getResultList());
    }

    /**
     * Records a message id; false when it was already recorded, i.e. the message is a redelivery. Runs in the caller's
     * transaction, so the record and the message's effect commit or roll back together.
     */
    public Uni<Boolean> markProcessed(String messageId) {
        return Panache.getSession()
                .chain(session -> session
                        .createNativeQuery("INSERT INTO processed_messages (message_id, processed_at) VALUES (:id, :at)"
                                + " ON CONFLICT DO NOTHING")
                        .setParameter("id", messageId)
                        .setParameter("at", Instant.now())
                        .executeUpdate())
                .map(inserted -> inserted == 1);
    }
}
