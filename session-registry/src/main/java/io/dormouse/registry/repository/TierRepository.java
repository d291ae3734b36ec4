package io.dormouse.registry.repository;

import jakarta.enterprise.context.ApplicationScoped;

import io.dormouse.protocol.HibernationTier;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;

/** The hibernation tiers; callers own the transaction. */
@ApplicationScoped
public class TierRepository implements PanacheRepositoryBase<TierEntity, HibernationTier> {
}
