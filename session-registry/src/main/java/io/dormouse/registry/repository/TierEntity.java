package io.dormouse.registry.repository;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.dormouse.protocol.HibernationTier;
import io.dormouse.protocol.TierPolicy;

/** One hibernation tier's policy. */
@Entity
@Table(name = "hibernation_tiers")
public class TierEntity {
    @Id
    @Enumerated(EnumType.STRING)
    public HibernationTier tier;

    @Column(name = "max_idle_seconds")
    public long maxIdleSeconds;

    public String storage;

    @Column(name = "updated_at")
    public Instant updatedAt;

    public TierPolicy policy() {
        return new TierPolicy(maxIdleSeconds, storage);
    }
}
