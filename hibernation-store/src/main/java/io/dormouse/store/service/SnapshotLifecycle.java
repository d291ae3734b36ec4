package io.dormouse.store.service;

import java.util.EnumMap;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.dormouse.protocol.AuthProbed;
import io.dormouse.protocol.CdpClientConnected;
import io.dormouse.protocol.CdpClientDisconnected;
import io.dormouse.protocol.HibernationTier;
import io.dormouse.protocol.HibernationTiersConfigured;
import io.dormouse.protocol.PageCrashed;
import io.dormouse.protocol.SessionActivated;
import io.dormouse.protocol.SessionCheckedOut;
import io.dormouse.protocol.SessionCreated;
import io.dormouse.protocol.SessionDeleted;
import io.dormouse.protocol.SessionEvent;
import io.dormouse.protocol.SessionHealthy;
import io.dormouse.protocol.SessionHibernated;
import io.dormouse.protocol.SessionIdle;
import io.dormouse.protocol.SessionNeedsReauth;
import io.dormouse.protocol.SessionReauthenticated;
import io.dormouse.protocol.SessionReleased;
import io.dormouse.protocol.SessionRestored;
import io.dormouse.protocol.SessionTagsChanged;
import io.dormouse.protocol.SessionUnhealthy;
import io.dormouse.protocol.SnapshotCorrupted;
import io.dormouse.protocol.SnapshotMoved;
import io.dormouse.protocol.TierPolicy;
import io.dormouse.store.repository.ArtifactRepository;
import io.dormouse.store.tier.SnapshotTiers;

/**
 * What the store does about each lifecycle event: deletes a deleted session's snapshots and artifacts, hibernates
 * sessions idle past their tier's limit, and applies new tier policies. Each is idempotent, so redeliveries are
 * harmless.
 */
@ApplicationScoped
public class SnapshotLifecycle {
    @Inject
    SnapshotService snapshots;

    @Inject
    ArtifactRepository artifacts;

    @Inject
    IdleHibernation idleHibernation;

    @Inject
    SnapshotTiers tiers;

    public void on(SessionEvent event) {
        switch (event) {
            case SessionDeleted deleted -> {
                snapshots.delete(deleted.sessionId());
                artifacts.deleteAll(deleted.sessionId());
            }
            case SessionCreated ignored -> {
            }
            case SessionActivated ignored -> {
            }
            case SessionHibernated ignored -> {
            }
            case SessionRestored ignored -> {
            }
            case SessionTagsChanged ignored -> {
            }
            case SessionIdle idle -> idleHibernation.onIdle(idle);
            case PageCrashed ignored -> {
            }
            case SessionCheckedOut ignored -> {
            }
            case SessionReleased ignored -> {
            }
            case SessionUnhealthy ignored -> {
            }
            case SessionHealthy ignored -> {
            }
            case AuthProbed ignored -> {
            }
            case SessionNeedsReauth ignored -> {
            }
            case SessionReauthenticated ignored -> {
            }
            // The store announced these itself.
            case SnapshotMoved ignored -> {
            }
            case SnapshotCorrupted ignored -> {
            }
            // The worker keeps a session with a CDP client active; it is idle again only after the client left.
            case CdpClientConnected ignored -> {
            }
            case CdpClientDisconnected ignored -> {
            }
        }
    }

    public void tiersConfigured(HibernationTiersConfigured configured) {
        Map<HibernationTier, TierPolicy> changed = new EnumMap<>(HibernationTier.class);
        configured.tiers().forEach((name, policy) -> changed.put(HibernationTier.fromWire(name), policy));
        tiers.configure(changed);
    }
}
