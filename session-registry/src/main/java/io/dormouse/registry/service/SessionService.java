package io.dormouse.registry.service;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.LockModeType;

import io.dormouse.protocol.CommandId;
import io.dormouse.protocol.CreateSession;
import io.dormouse.protocol.DeleteSession;
import io.dormouse.protocol.SessionCheckedOut;
import io.dormouse.protocol.SessionCreated;
import io.dormouse.protocol.SessionDeleted;
import io.dormouse.protocol.SessionEvent;
import io.dormouse.protocol.SessionId;
import io.dormouse.protocol.SessionReleased;
import io.dormouse.protocol.SessionState;
import io.dormouse.protocol.SessionTagsChanged;
import io.dormouse.registry.messaging.OutboxRelay;
import io.dormouse.registry.repository.CommandRepository;
import io.dormouse.registry.repository.HistoryEntity;
import io.dormouse.registry.repository.OutboxEntity;
import io.dormouse.registry.repository.OutboxRepository;
import io.dormouse.registry.repository.SessionEntity;
import io.dormouse.registry.repository.SessionFilter;
import io.dormouse.registry.repository.SessionRepository;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/**
 * The registry's session use cases: sessions are created, listed, tagged, pooled and deleted here; browser commands go
 * through {@link CommandRouter}.
 */
@ApplicationScoped
public class SessionService {
    private static final int MAX_TAGS = 32;
    private static final int LEASE_EXPIRY_BATCH = 500;

    @Inject
    SessionRepository sessions;

    @Inject
    CommandRepository commands;

    @Inject
    OutboxRepository outbox;

    @Inject
    OutboxRelay relay;

    @Inject
    SessionHistory history;

    /**
     * Creates the session for {@code tenant}; a repeated create of the same id (a redelivered command) returns the
     * existing row.
     */
    public Uni<SessionEntity> create(CreateSession command, String tenant) {
        return Panache.withTransaction(() -> sessions.findById(command.sessionId().value()).chain(existing -> {
            if (existing != null) {
                if (!existing.tenantId.equals(tenant)) {
                    throw new SessionException(SessionException.Kind.CONFLICT,
                            "session id " + command.sessionId() + " is taken; choose another");
                }
                return Uni.createFrom().item(existing);
            }
            Instant now = Instant.now();
            SessionEntity row = new SessionEntity();
            row.id = command.sessionId().value();
            row.tenantId = tenant;
            row.state = SessionState.CREATED;
            row.spec(command.spec());
            row.tags(command.tags());
            row.metadata(command.metadata());
            row.createdAt = now;
            row.updatedAt = now;
            row.stateChangedAt = now;
            return sessions.persist(row).call(
                    created -> announce(SessionCreated.of(command.commandId(), created.sessionId(), created.spec(),
                            created.tags())));
        })).call(relay::publishCommitted);
    }

    /** The tenant holding the session, null when there is no such session. */
    public Uni<String> tenantOf(SessionId id) {
        return Panache.withSession(() -> sessions.findById(id.value())).map(row -> row == null ? null : row.tenantId);
    }

    public Uni<SessionEntity> get(SessionId id, String tenant) {
        return Panache.withSession(() -> sessions.findById(id.value())).map(row -> requireLive(row, id, tenant));
    }

    /** A session's journal page; a deleted session still has its history, an unknown one is a 404. */
    public Uni<List<HistoryEntity>> history(SessionId id, String tenant, long afterId, int limit) {
        return Panache.withSession(() -> sessions.findById(id.value())).chain(row -> {
            if (row == null || !row.tenantId.equals(tenant)) {
                throw SessionException.notFound(id.value());
            }
            return history.page(id, afterId, limit);
        });
    }

    public Uni<List<SessionEntity>> list(SessionFilter filter) {
        return Panache.withSession(() -> sessions.list(filter));
    }

    public Uni<SessionEntity> replaceTags(CommandId commandId, SessionId id, String tenant, List<String> tags) {
        return changeTags(commandId, id, tenant, current -> tags);
    }

    /** Adds and removes tags in one step; concurrent changes to one session's tags are applied one after the other. */
    public Uni<SessionEntity> patchTags(CommandId commandId, SessionId id, String tenant, List<String> add,
            List<String> remove) {
        return changeTags(commandId, id, tenant, current -> {
            LinkedHashSet<String> tags = new LinkedHashSet<>(current);
            tags.addAll(add);
            remove.forEach(tags::remove);
            return List.copyOf(tags);
        });
    }

    private Uni<SessionEntity> changeTags(CommandId commandId, SessionId id, String tenant,
            Function<List<String>, List<String>> change) {
        return Panache.withTransaction(() -> sessions.findById(id.value(), LockModeType.PESSIMISTIC_WRITE)
                .map(row -> {
                    requireLive(row, id, tenant);
                    List<String> tags = change.apply(row.tags());
                    if (tags.size() > MAX_TAGS) {
                        throw new SessionException(SessionException.Kind.INVALID, "tags: the change would leave "
                                + tags.size() + " tags, more than " + MAX_TAGS);
                    }
                    // A change that changes nothing (a repeated health verdict) is neither written nor announced.
                    if (tags.equals(row.tags())) {
                        return Map.entry(row, false);
                    }
                    row.tags(tags);
                    row.updatedAt = Instant.now();
                    return Map.entry(row, true);
                })
                .call(changed -> changed.getValue()
                        ? announce(SessionTagsChanged.of(commandId, id, changed.getKey().tags()))
                        : Uni.createFrom().voidItem()))
                .call(relay::publishCommitted).map(Map.Entry::getKey);
    }

    /** A pool checkout: one free session with every one of {@code tags}, leased to the caller, or none. */
    public Uni<Lease> checkout(String tenant, List<String> tags, Duration leaseFor) {
        String leaseId = "lse_" + UUID.randomUUID().toString().replace("-", "");
        Instant until = Instant.now().plus(leaseFor);
        return Panache.withTransaction(() -> sessions.leaseOne(tenant, tags, leaseId, until).chain(id -> id == null
                ? Uni.createFrom().<Lease>nullItem()
                : announce(SessionCheckedOut.of(SessionId.of(id), leaseId, until))
                        .chain(() -> sessions.findById(id))
                        .map(row -> new Lease(row, leaseId))))
                .call(lease -> lease == null ? Uni.createFrom().voidItem() : relay.publishCommitted());
    }

    /** A leased session and the lease that holds it. */
    public record Lease(SessionEntity session, String leaseId) {
    }

    /**
     * Returns a checked-out session to its pool. {@code leaseId}, when given, must be the current lease, so a holder
     * whose lease expired cannot release a session someone else checked out since.
     */
    public Uni<SessionEntity> release(SessionId id, String tenant, String leaseId) {
        return Panache.withTransaction(() -> sessions.findById(id.value(), LockModeType.PESSIMISTIC_WRITE)
                .map(row -> {
                    requireLive(row, id, tenant);
                    if (row.leaseId == null) {
                        throw new SessionException(SessionException.Kind.CONFLICT,
                                "session " + id + " is not checked out");
                    }
                    if (leaseId != null && !leaseId.equals(row.leaseId)) {
                        throw new SessionException(SessionException.Kind.CONFLICT, "session " + id
                                + " is held under another lease; yours (" + leaseId + ") has ended");
                    }
                    return row;
                })
                .call(row -> announce(SessionReleased.of(id, row.leaseId, SessionReleased.RELEASED)))
                .invoke(row -> {
                    row.leaseId = null;
                    row.leasedUntil = null;
                    row.updatedAt = Instant.now();
                }))
                .call(relay::publishCommitted);
    }

    /** Returns sessions whose lease ran out to their pools, announcing each; returns how many. */
    public Uni<Integer> expireLeases() {
        return Panache.withTransaction(() -> sessions.expireLeases(Instant.now(), LEASE_EXPIRY_BATCH)
                .call(expired -> Multi.createFrom().iterable(expired)
                        .onItem().transformToUniAndConcatenate(row -> announce(SessionReleased.of(
                                SessionId.of((String) row[0]), (String) row[1], SessionReleased.EXPIRED)))
                        .collect().last())
                .map(List::size))
                .call(count -> count > 0 ? relay.publishCommitted() : Uni.createFrom().voidItem());
    }

    /**
     * Marks the session deleted, announces it (the hibernation-store drops its snapshots on that event) and tells the
     * owning worker to discard its context. Deleting an already deleted session is a no-op.
     */
    public Uni<Void> delete(CommandId commandId, SessionId id, String tenant) {
        return delete(commandId, id, tenant, SessionDeleted.REQUESTED);
    }

    /** Deletes a session a retention rule selected, whichever tenant it belongs to. */
    public Uni<Void> prune(SessionId id, String tenant) {
        return delete(CommandId.random(), id, tenant, SessionDeleted.RETENTION);
    }

    private Uni<Void> delete(CommandId commandId, SessionId id, String tenant, String reason) {
        return Panache.withTransaction(() -> sessions.findById(id.value()).map(row -> {
            if (row == null || !row.tenantId.equals(tenant)) {
                throw SessionException.notFound(id.value());
            }
            boolean wasLive = row.state != SessionState.DELETED;
            row.state = SessionState.DELETED;
            row.workerId = null;
            row.updatedAt = Instant.now();
            row.stateChangedAt = row.updatedAt;
            return wasLive;
        }).call(() -> commands.forgetSession(id.value())).call(wasLive -> wasLive
                ? announce(SessionDeleted.of(commandId, id, reason))
                        .chain(() -> outbox.append(OutboxEntity.Destination.ACTIONS, id,
                                new DeleteSession(commandId, id, null)))
                : Uni.createFrom().voidItem())).call(relay::publishCommitted).replaceWithVoid();
    }

    /** Queues the event in the outbox and journals it, both in the caller's transaction. */
    private Uni<Void> announce(SessionEvent event) {
        return outbox.append(OutboxEntity.Destination.EVENTS, event.sessionId(), event)
                .chain(() -> history.event(event));
    }

    /** Another tenant's session is reported exactly like one that does not exist. */
    static SessionEntity requireLive(SessionEntity row, SessionId id, String tenant) {
        if (row == null || !row.tenantId.equals(tenant)) {
            throw SessionException.notFound(id.value());
        }
        if (row.state == SessionState.DELETED) {
            throw new SessionException(SessionException.Kind.GONE, "session " + id + " was deleted");
        }
        return row;
    }
}
