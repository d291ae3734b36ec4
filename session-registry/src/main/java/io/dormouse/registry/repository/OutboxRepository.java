package io.dormouse.registry.repository;

import java.time.Instant;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.dormouse.protocol.ProtocolJson;
import io.dormouse.protocol.SessionId;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;

/** The outbox table; callers own the transaction. */
@ApplicationScoped
public class OutboxRepository implements PanacheRepositoryBase<OutboxEntity, Long> {
    /** Any constant will do: it names the one relay lock all registry replicas compete for. */
    private static final long RELAY_LOCK = 0x646f726d6f757365L;

    /** Queues {@code payload} for {@code destination}, keyed by the session, in the caller's transaction. */
    public Uni<Void> append(OutboxEntity.Destination destination, SessionId key, Object payload) {
        return append(destination, key.value(), payload);
    }

    /** For messages not about one session, such as the hibernation tiers. */
    public Uni<Void> append(OutboxEntity.Destination destination, String key, Object payload) {
        OutboxEntity message = new OutboxEntity();
        message.destination = destination.name();
        message.key = key;
        message.payload = ProtocolJson.encode(payload);
        message.createdAt = Instant.now();
        return persist(message).replaceWithVoid();
    }

    /**
     * Takes the relay lock for the current transaction; false when another relay (this or another replica) holds it.
     * One relay at a time keeps each session's messages in the order they were written.
     */
    public Uni<Boolean> tryLockRelay() {
        return Panache.getSession()
                .chain(session -> session.createNativeQuery("SELECT pg_try_advisory_xact_lock(:lock)", Boolean.class)
                        .setParameter("lock", RELAY_LOCK)
                        .getSingleResult());
    }

    public Uni<List<OutboxEntity>> oldest(int limit) {
        return find("ORDER BY id").page(0, limit).list();
    }

    public Uni<Long> deleteUpTo(long lastId) {
        return delete("id <= ?1", lastId);
    }
}
