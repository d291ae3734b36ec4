package io.dormouse.registry.service;

import java.util.Optional;

import io.dormouse.protocol.AuthProbed;
import io.dormouse.protocol.CdpClientConnected;
import io.dormouse.protocol.CdpClientDisconnected;
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
import io.dormouse.protocol.SessionState;
import io.dormouse.protocol.SessionTagsChanged;
import io.dormouse.protocol.SessionUnhealthy;
import io.dormouse.protocol.SnapshotCorrupted;
import io.dormouse.protocol.SnapshotMoved;

/** Which lifecycle events move a session's state, and to what. */
public final class LifecycleTranslator {
    private LifecycleTranslator() {
    }

    public static Optional<LifecycleService.Transition> transitionOf(SessionEvent event) {
        String dedupeKey = event.eventId().toString();
        return switch (event) {
            case SessionActivated e -> Optional.of(new LifecycleService.Transition(e.sessionId(),
                    SessionState.ACTIVE, e.workerId(), null, e.occurredAt(), dedupeKey));
            case SessionRestored e -> Optional.of(new LifecycleService.Transition(e.sessionId(),
                    SessionState.ACTIVE, e.workerId(), null, e.occurredAt(), dedupeKey));
            case SessionHibernated e -> Optional.of(new LifecycleService.Transition(e.sessionId(),
                    SessionState.HIBERNATED, e.workerId(), e.snapshot(), e.occurredAt(), dedupeKey));
            // The registry wrote these itself before announcing them.
            case SessionCreated e -> Optional.empty();
            case SessionTagsChanged e -> Optional.empty();
            case SessionDeleted e -> Optional.empty();
            // Health signals: they leave the lifecycle state as it is.
            case SessionIdle e -> Optional.empty();
            case PageCrashed e -> Optional.empty();
            // Pool leases: the registry wrote them itself.
            case SessionCheckedOut e -> Optional.empty();
            case SessionReleased e -> Optional.empty();
            // Where a hibernated session's snapshot lives, and whether it reads, is the store's business.
            case SnapshotMoved e -> Optional.empty();
            case SnapshotCorrupted e -> Optional.empty();
            // Health verdicts change tags (HealthTags), not the lifecycle state.
            case SessionUnhealthy e -> Optional.empty();
            case SessionHealthy e -> Optional.empty();
            case AuthProbed e -> Optional.empty();
            case SessionNeedsReauth e -> Optional.empty();
            case SessionReauthenticated e -> Optional.empty();
            // A CDP client comes and goes on a session that is already active.
            case CdpClientConnected e -> Optional.empty();
            case CdpClientDisconnected e -> Optional.empty();
        };
    }
}
