package io.dormouse.registry.repository;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;

/** Tenants' profiles' health settings; callers own the transaction. */
@ApplicationScoped
public class ProfileRepository implements PanacheRepositoryBase<ProfileEntity, ProfileEntity.Key> {
}
