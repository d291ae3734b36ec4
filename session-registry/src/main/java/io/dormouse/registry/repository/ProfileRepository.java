package io.dormouse.registry.repository;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;

/** Profiles' health settings; callers own the transaction. */
@ApplicationScoped
public class ProfileRepository implements PanacheRepositoryBase<ProfileEntity, String> {
}
