package io.dormouse.registry.repository;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;

/** Sessions and the processed-message ledger in PostgreSQL; callers own the transaction. */
@ApplicationScoped
public class SessionRepository implements PanacheRepositoryBase<SessionEntity, String> {

    /** One page of live sessions matching {@code filter}, in its sort order. */
    public Uni<List<SessionEntity>> list(SessionFilter filter) {
        StringBuilder sql = new StringBuilder(
                "SELECT * FROM sessions WHERE state <> 'DELETED' AND tenant_id = :tenant");
        Map<String, Object> parameters = new HashMap<>();
        parameters.put("tenant", filter.tenant());
        if (!filter.allTags().isEmpty()) {
            sql.append(" AND tags @> :allTags");
            parameters.put("allTags", filter.allTags().toArray(String[]::new));
        }
        if (!filter.anyTags().isEmpty()) {
            sql.append(" AND tags && :anyTags");
            parameters.put("anyTags", filter.anyTags().toArray(String[]::new));
        }
        if (!filter.states().isEmpty()) {
            sql.append(" AND state = ANY(:states)");
            parameters.put("states", filter.states().stream().map(Enum::name).toArray(String[]::new));
        }
        if (filter.profile() != null) {
            sql.append(" AND profile = :profile");
            parameters.put("profile", filter.profile());
        }
        range(sql, parameters, "created_at", "created", filter.createdAfter(), filter.createdBefore());
        range(sql, parameters, "last_active_at", "active", filter.activeAfter(), filter.activeBefore());
        SessionFilter.Sort sort = filter.sort();
        String direction = sort.ascending ? "ASC" : "DESC";
        if (filter.after() != null) {
            sql.append(" AND (").append(sort.column).append(", id) ").append(sort.ascending ? ">" : "<")
                    .append(" (:cursorKey, :cursorId)");
            parameters.put("cursorKey", utc(filter.after().key()));
            parameters.put("cursorId", filter.after().id());
        }
        sql.append(" ORDER BY ").append(sort.column).append(' ').append(direction).append(", id ").append(direction)
                .append(" LIMIT :limit");
        parameters.put("limit", filter.limit());
        return Panache.getSession().chain(session -> {
            var query = session.createNativeQuery(sql.toString(), SessionEntity.class);
            parameters.forEach(query::setParameter);
            return query.getResultList();
        });
    }

    private static void range(StringBuilder sql, Map<String, Object> parameters, String column, String name,
            Instant from, Instant until) {
        if (from != null) {
            sql.append(" AND ").append(column).append(" >= :").append(name).append("From");
            parameters.put(name + "From", utc(from));
        }
        if (until != null) {
            sql.append(" AND ").append(column).append(" < :").append(name).append("Until");
            parameters.put(name + "Until", utc(until));
        }
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    /** Marks the active sessions of a lost worker as recovering; returns how many. */
    public Uni<Integer> markRecovering(String workerId, Instant since) {
        return Panache.getSession().chain(session -> session.createNativeQuery(
                "UPDATE sessions SET recovering_since = :since, updated_at = :now, version = version + 1"
                        + " WHERE worker_id = :worker AND state = 'ACTIVE' AND recovering_since IS NULL")
                .setParameter("since", utc(since))
                .setParameter("now", utc(Instant.now()))
                .setParameter("worker", workerId)
                .executeUpdate());
    }

    /**
     * Leases one free live session carrying every one of {@code tags}, the least recently used first. Rows other
     * transactions are leasing right now are skipped, not waited for, so concurrent checkouts (from any number of
     * registry replicas) each get a different session or none. Returns the leased session's id, if any.
     */
    public Uni<String> leaseOne(String tenant, List<String> tags, String leaseId, Instant leasedUntil) {
        return Panache.getSession().chain(session -> session.createNativeQuery(
                "UPDATE sessions SET lease_id = :lease, leased_until = :until, updated_at = :now,"
                        + " version = version + 1 WHERE id = (SELECT id FROM sessions WHERE state <> 'DELETED'"
                        + " AND tenant_id = :tenant AND tags @> :tags AND lease_id IS NULL"
                        + " ORDER BY COALESCE(last_active_at, created_at), id LIMIT 1 FOR UPDATE SKIP LOCKED)"
                        + " RETURNING id",
                String.class)
                .setParameter("lease", leaseId)
                .setParameter("until", utc(leasedUntil))
                .setParameter("now", utc(Instant.now()))
                .setParameter("tags", tags.toArray(String[]::new))
                .setParameter("tenant", tenant)
                .getResultList())
                .map(ids -> ids.isEmpty() ? null : ids.get(0));
    }

    /**
     * Live sessions no command used since {@code idleSince} (never-used ones count from creation), optionally only
     * those carrying {@code tag} or of {@code profile}; returns {@code [id, tenant]} pairs, oldest first.
     */
    public Uni<List<Object[]>> idleSince(Instant idleSince, String tag, String profile, int limit) {
        StringBuilder sql = new StringBuilder("SELECT id, tenant_id FROM sessions WHERE state <> 'DELETED'"
                + " AND COALESCE(last_active_at, created_at) < :cutoff");
        if (tag != null) {
            sql.append(" AND tags @> :tags");
        }
        if (profile != null) {
            sql.append(" AND profile = :profile");
        }
        sql.append(" ORDER BY COALESCE(last_active_at, created_at) LIMIT :limit");
        return Panache.getSession().chain(session -> {
            var query = session.createNativeQuery(sql.toString(), Object[].class)
                    .setParameter("cutoff", utc(idleSince))
                    .setParameter("limit", limit);
            if (tag != null) {
                query.setParameter("tags", new String[]{tag});
            }
            if (profile != null) {
                query.setParameter("profile", profile);
            }
            return query.getResultList();
        });
    }

    /** Ends leases that ran out before {@code now}; returns {@code [sessionId, leaseId]} of each. */
    public Uni<List<Object[]>> expireLeases(Instant now, int limit) {
        return Panache.getSession().chain(session -> session.createNativeQuery(
                "UPDATE sessions s SET lease_id = NULL, leased_until = NULL, updated_at = :now,"
                        + " version = s.version + 1 FROM (SELECT id, lease_id FROM sessions WHERE leased_until < :now"
                        + " ORDER BY leased_until LIMIT :limit FOR UPDATE SKIP LOCKED) expired"
                        + " WHERE s.id = expired.id RETURNING s.id, expired.lease_id",
                Object[].class)
                .setParameter("now", utc(now))
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

    /** Live sessions counted by state and hibernation tier: rows of {state, tier, count}. */
    @SuppressWarnings("unchecked")
    public Uni<List<Object[]>> census() {
        return Panache.getSession().chain(session -> session.createNativeQuery(
                "SELECT state, COALESCE(spec->>'hibernationTier', 'warm'), count(*) FROM sessions"
                        + " WHERE state <> 'DELETED' GROUP BY 1, 2",
                Object[].class).getResultList());
    }
}
