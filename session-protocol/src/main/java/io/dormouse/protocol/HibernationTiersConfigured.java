package io.dormouse.protocol;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * The hibernation tiers changed: every tier's idle limit and storage, as now configured, keyed by the tier's wire
 * name ({@code hot}, {@code warm}, {@code cold}). Published on the events topic under the key {@value #KEY}; the
 * hibernation-store applies it.
 */
public record HibernationTiersConfigured(UUID eventId, Instant occurredAt, int schemaVersion,
        Map<String, TierPolicy> tiers) implements DormouseEvent {
    public static final String KEY = "hibernation-tiers";

    public HibernationTiersConfigured {
        tiers.keySet().forEach(HibernationTier::fromWire);
        tiers = Map.copyOf(tiers);
    }

    public static HibernationTiersConfigured of(Map<String, TierPolicy> tiers) {
        return new HibernationTiersConfigured(UUID.randomUUID(), Instant.now(), SCHEMA_VERSION, tiers);
    }
}
