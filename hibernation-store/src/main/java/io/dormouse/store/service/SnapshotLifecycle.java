package io.dormouse.store.service;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.dormouse.protocol.HibernationTiersConfigured;
import io.dormouse.protocol.PageCrashed;
import io.dormouse.protocol.SessionActivated;
import io.dormouse.protocol.SessionCheckedOut;
import io.dormouse.protocol.SessionCreated;
import io.dormouse.protocol.SessionDeleted;
import io.dormouse.protocol.SessionEvent;
import io.dormouse.protocol.SessionHibernated;
import io.dormouse.protocol.SessionIdle;
import io.dormouse.protocol.SessionReleased;
import io.dormouse.protocol.SessionRestored;
import io.dormouse.protocol.SessionTagsChanged;
import io.dormouse.store.repository.ArtifactRepository;

/** What the store does about each lifecycle event. Deleting is idempotent, so redeliveries are harmless. */
@ApplicationScoped
public class SnapshotLifecycle {
    private static final Logger LOG = Logger.getLogger(SnapshotLifecycle.class);

    @Inject
    SnapshotService snapshots;

    @Inject
    ArtifactRepository artifacts;

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
            case SessionIdle ignored -> {
            }
            case PageCrashed ignored -> {
            }
            case SessionCheckedOut ignored -> {
            }
            case SessionReleased ignored -> {
            }
        }
    }

    /** The store keeps every snapshot on disk for now; the policies are logged until tiering uses them. */
    public void tiersConfigured(HibernationTiersConfigured tiers) {
        LOG.infof("hibernation tiers now %s", tiers.tiers());
    }
}
