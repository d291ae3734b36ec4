package io.dormouse.registry.rest;

import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import io.dormouse.protocol.HibernationTier;
import io.dormouse.protocol.HibernationTiersConfigured;
import io.dormouse.protocol.TierPolicy;
import io.dormouse.registry.messaging.OutboxRelay;
import io.dormouse.registry.repository.OutboxEntity;
import io.dormouse.registry.repository.OutboxRepository;
import io.dormouse.registry.repository.TierEntity;
import io.dormouse.registry.repository.TierRepository;
import io.dormouse.registry.security.Roles;
import io.dormouse.registry.service.SessionException;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/**
 * The hibernation tiers on {@code /v1/hibernation/tiers}: {@code {"hot": {"maxIdleSeconds": 600, "storage":
 * "memory"}, ...}}. A change (admin keys only) is stored and announced as {@code HibernationTiersConfigured} in one
 * transaction, through the outbox.
 */
@Path("/v1/hibernation/tiers")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class TierResource {
    @Inject
    TierRepository tiers;

    @Inject
    OutboxRepository outbox;

    @Inject
    OutboxRelay relay;

    @GET
    @RolesAllowed(Roles.AGENT)
    public Uni<Map<String, TierPolicy>> get() {
        return Panache.withSession(() -> tiers.listAll()).map(TierResource::view);
    }

    /** Replaces the policies of the tiers named; tiers left out keep theirs. */
    @PUT
    @RolesAllowed(Roles.OPERATOR)
    public Uni<Map<String, TierPolicy>> put(Map<String, TierPolicy> body) {
        if (body == null || body.isEmpty()) {
            throw new SessionException(SessionException.Kind.INVALID,
                    "body: name at least one tier, e.g. {\"hot\": {\"maxIdleSeconds\": 600, \"storage\": \"memory\"}}");
        }
        Map<HibernationTier, TierPolicy> changes = new EnumMap<>(HibernationTier.class);
        body.forEach((name, policy) -> {
            if (policy == null) {
                throw new IllegalArgumentException(name + ": a policy {maxIdleSeconds, storage} is required");
            }
            changes.put(HibernationTier.fromWire(name), policy);
        });
        return Panache.withTransaction(() -> Multi.createFrom().iterable(changes.entrySet())
                .onItem().transformToUniAndConcatenate(change -> tiers.findById(change.getKey()).map(row -> {
                    row.maxIdleSeconds = change.getValue().maxIdleSeconds();
                    row.storage = change.getValue().storage();
                    row.updatedAt = Instant.now();
                    return row;
                }))
                .collect().last()
                .chain(() -> tiers.listAll())
                .invoke(TierResource::requireOwnStorageEach)
                .call(all -> outbox.append(OutboxEntity.Destination.EVENTS, HibernationTiersConfigured.KEY,
                        HibernationTiersConfigured.of(view(all)))))
                .call(relay::publishCommitted)
                .map(TierResource::view);
    }

    /**
     * The store tells a snapshot's tier by the storage holding it, and ages snapshots from one storage to the next, so
     * two tiers on one storage would be one tier. Thrown inside the transaction, this rolls the change back.
     */
    private static void requireOwnStorageEach(List<TierEntity> rows) {
        Map<String, String> tierByStorage = new TreeMap<>();
        for (TierEntity row : rows) {
            String other = tierByStorage.putIfAbsent(row.storage, row.tier.wireName());
            if (other != null) {
                throw new SessionException(SessionException.Kind.INVALID, "tiers " + other + " and "
                        + row.tier.wireName() + " would both use storage '" + row.storage
                        + "'; each tier needs its own (memory, redis, disk)");
            }
        }
    }

    private static Map<String, TierPolicy> view(Iterable<TierEntity> rows) {
        Map<String, TierPolicy> view = new TreeMap<>();
        rows.forEach(row -> view.put(row.tier.wireName(), row.policy()));
        return view;
    }
}
