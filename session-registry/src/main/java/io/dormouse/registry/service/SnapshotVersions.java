package io.dormouse.registry.service;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.WebApplicationException;

import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;

import io.dormouse.protocol.ActionCompleted;
import io.dormouse.protocol.ActionFailed;
import io.dormouse.protocol.CommandId;
import io.dormouse.protocol.SessionCreated;
import io.dormouse.protocol.SessionId;
import io.dormouse.protocol.SessionState;
import io.dormouse.protocol.SnapshotRef;
import io.dormouse.registry.messaging.OutboxRelay;
import io.dormouse.registry.repository.OutboxEntity;
import io.dormouse.registry.repository.OutboxRepository;
import io.dormouse.registry.repository.SessionEntity;
import io.dormouse.registry.repository.SessionRepository;
import io.dormouse.registry.store.SnapshotClient;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

/**
 * A session's kept snapshots as agents use them: list them, rewind the session to one, fork new sessions from the
 * latest. The snapshots live in the hibernation-store; the registry checks the tenant and state, and records the
 * sessions a fork makes.
 */
@ApplicationScoped
public class SnapshotVersions {
    private static final Logger LOG = Logger.getLogger(SnapshotVersions.class);
    public static final int MAX_FORKS = 50;
    private static final int NOT_FOUND = 404;

    @Inject
    SessionService sessions;

    @Inject
    CommandRouter commands;

    @Inject
    SessionRepository repository;

    @Inject
    OutboxRepository outbox;

    @Inject
    OutboxRelay relay;

    @Inject
    SessionHistory history;

    @Inject
    @RestClient
    SnapshotClient store;

    public Uni<JsonNode> list(SessionId id, String tenant) {
        return sessions.get(id, tenant).chain(row -> store.versions(id.value()));
    }

    /**
     * Makes version {@code version} the session's state again. A hibernated session stays hibernated and wakes in that
     * state; an active one is hibernated, rewound and resumed, so it answers in that state when this returns.
     */
    public Uni<SessionEntity> rewind(SessionId id, String tenant, long version) {
        return sessions.get(id, tenant).chain(row -> {
            SessionStateMachine.check(id, row.state, SessionStateMachine.Request.REWIND);
            if (row.state == SessionState.HIBERNATED) {
                return rewindStored(id, version);
            }
            return commands.hibernate(CommandId.random(), id, tenant, "rewind").chain(outcome -> switch (outcome) {
                case ActionFailed failed -> Uni.createFrom().failure(new SessionException(
                        SessionException.Kind.CONFLICT, "could not hibernate " + id + " to rewind it: "
                                + failed.error().message()));
                case ActionCompleted done -> rewindStored(id, version)
                        .chain(() -> commands.resume(CommandId.random(), id, tenant)).replaceWithVoid();
            });
        }).chain(() -> sessions.get(id, tenant));
    }

    private Uni<Void> rewindStored(SessionId id, long version) {
        return store.rewind(id.value(), new SnapshotClient.RewindRequest(version))
                .onFailure(WebApplicationException.class).transform(failure -> refusal(failure, id,
                        "no snapshot version " + version + " of " + id + "; GET /v1/sessions/" + id
                                + "/snapshots lists the kept ones"))
                .chain(ref -> Panache.withTransaction(() -> repository.findById(id.value()).invoke(row -> {
                    row.snapshot(ref);
                    row.updatedAt = Instant.now();
                }))).replaceWithVoid();
    }

    /**
     * Creates {@code count} hibernated sessions holding the latest snapshot of {@code source} (its last checkpoint or
     * hibernation) with {@code tags}; each wakes on its first resume or action.
     */
    public Uni<List<SessionEntity>> fork(SessionId source, String tenant, int count, List<String> tags) {
        if (count < 1 || count > MAX_FORKS) {
            throw new SessionException(SessionException.Kind.INVALID,
                    "count must be between 1 and " + MAX_FORKS + ", got " + count);
        }
        return sessions.get(source, tenant).chain(origin -> {
            SessionStateMachine.check(source, origin.state, SessionStateMachine.Request.FORK);
            List<String> targets = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                targets.add(SessionId.random().value());
            }
            return store.fork(source.value(), new SnapshotClient.ForkRequest(targets))
                    .onFailure(WebApplicationException.class).transform(failure -> refusal(failure, source,
                            source + " has no snapshot yet; hibernate it (or let it checkpoint) first"))
                    .chain(refs -> record(origin, refs, tags)
                            .onFailure().call(failure -> forget(targets)));
        });
    }

    private Uni<List<SessionEntity>> record(SessionEntity origin, List<SnapshotRef> refs, List<String> tags) {
        return Panache.withTransaction(() -> {
            Uni<Void> chain = Uni.createFrom().voidItem();
            List<SessionEntity> rows = new ArrayList<>();
            for (SnapshotRef ref : refs) {
                Instant now = Instant.now();
                SessionEntity row = new SessionEntity();
                row.id = ref.sessionId().value();
                row.tenantId = origin.tenantId;
                row.state = SessionState.HIBERNATED;
                row.spec(origin.spec());
                row.tags(tags);
                row.metadata(Map.of("forkedFrom", TextNode.valueOf(origin.id)));
                row.snapshot(ref);
                row.createdAt = now;
                row.updatedAt = now;
                row.stateChangedAt = now;
                rows.add(row);
                SessionCreated created = SessionCreated.of(CommandId.random(), ref.sessionId(), origin.spec(), tags);
                chain = chain.chain(() -> repository.persist(row))
                        .chain(() -> outbox.append(OutboxEntity.Destination.EVENTS, ref.sessionId(), created))
                        .chain(() -> history.event(created));
            }
            return chain.replaceWith(rows);
        }).call(relay::publishCommitted);
    }

    /** The fork's snapshots go when its sessions could not be recorded; the recording failure is what the caller sees. */
    private Uni<Void> forget(List<String> targets) {
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (String target : targets) {
            chain = chain.chain(() -> store.delete(target).onFailure().invoke(failure -> LOG.warnf(
                    "could not delete the forked snapshot of %s: %s", target, failure.getMessage()))
                    .onFailure().recoverWithNull());
        }
        return chain;
    }

    private static SessionException refusal(Throwable failure, SessionId id, String notFoundMessage) {
        int status = ((WebApplicationException) failure).getResponse().getStatus();
        if (status == NOT_FOUND) {
            return new SessionException(SessionException.Kind.CONFLICT, notFoundMessage);
        }
        return new SessionException(SessionException.Kind.CONFLICT, "the hibernation-store refused the request for "
                + id + " (HTTP " + status + ")");
    }
}
