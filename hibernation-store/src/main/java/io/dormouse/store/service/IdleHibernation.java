package io.dormouse.store.service;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.dormouse.protocol.CommandId;
import io.dormouse.protocol.HibernateSession;
import io.dormouse.protocol.SessionIdle;
import io.dormouse.protocol.TierPolicy;
import io.dormouse.store.messaging.StorePublisher;
import io.dormouse.store.tier.SnapshotTiers;

/**
 * Turns a worker's {@code SessionIdle} into {@code HibernateSession} once the session has been idle for its tier's
 * {@code maxIdleSeconds}. The worker reports idleness at its {@code IDLE_THRESHOLDS}, so a session goes at the first
 * threshold at or past its tier's limit. The command id derives from the idle event, so a redelivered event makes the
 * same command, which the registry's dedupe drops.
 */
@ApplicationScoped
public class IdleHibernation {
    private static final Logger LOG = Logger.getLogger(IdleHibernation.class);
    public static final String REASON = "idle";

    @Inject
    SnapshotTiers tiers;

    @Inject
    StorePublisher publisher;

    public void onIdle(SessionIdle idle) {
        TierPolicy policy = tiers.policy(idle.hibernationTier());
        if (idle.idleSeconds() < policy.maxIdleSeconds()) {
            return;
        }
        LOG.infof("%s idle for %d s, past the %s tier's %d s: hibernating", idle.sessionId(), idle.idleSeconds(),
                idle.hibernationTier().wireName(), policy.maxIdleSeconds());
        publisher.send(new HibernateSession(CommandId.of("idle-" + idle.eventId()), idle.sessionId(), null, REASON));
    }
}
