package io.dormouse.protocol;

/** A session's lifecycle state as the registry records it. */
public enum SessionState {
    /** Known to the registry; no browser context has been created yet. */
    CREATED,
    /** A worker holds a live browser context for it. */
    ACTIVE,
    /** Its state is in a snapshot and no context is held. */
    HIBERNATED,
    /** Gone for good; its id is never reused. */
    DELETED
}
