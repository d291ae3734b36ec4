package io.dormouse.protocol;

/** A change in a session's lifecycle, published on {@link Topics#SESSION_EVENTS}. */
public sealed interface SessionEvent extends DormouseEvent permits SessionCreated, SessionActivated,
        SessionHibernated, SessionRestored, SessionTagsChanged, SessionDeleted, SessionIdle, PageCrashed,
        SessionCheckedOut, SessionReleased, SnapshotMoved, SnapshotCorrupted, SessionUnhealthy, SessionHealthy,
        AuthProbed, SessionNeedsReauth, SessionReauthenticated, CdpClientConnected, CdpClientDisconnected {
    SessionId sessionId();
}
