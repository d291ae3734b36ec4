package io.dormouse.worker.browser;

import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.dormouse.protocol.SessionId;

/**
 * What CDP gateway clients do to a live session: how many are attached (a session with any is never idle nor evicted),
 * their traffic counted as activity, and the context's CDP {@code browserContextId} their filter confines them to.
 */
@ApplicationScoped
public class CdpAttachments {
    @Inject
    SessionContexts contexts;

    @Inject
    BrowserRuntime runtime;

    /**
     * A client joined ({@code +1}) or left ({@code -1}) the session; returns how many are connected, or -1 when the
     * session has no live context here. Leaving counts as a change, so the session is checkpointed next.
     */
    public int clients(SessionId id, int change) {
        LiveSession session = contexts.find(id);
        if (session == null) {
            return -1;
        }
        synchronized (session) {
            session.cdpClients = Math.max(0, session.cdpClients + change);
            session.touch();
            if (change < 0) {
                session.dirty = true;
            }
            return session.cdpClients;
        }
    }

    /** CDP traffic is activity that may change the session, like a command. */
    public void activity(SessionId id) {
        LiveSession session = contexts.find(id);
        if (session != null) {
            session.touch();
            session.dirty = true;
            session.drivenOverCdp = true;
        }
    }

    /** The session's CDP {@code browserContextId}; empty when it has no live context here. */
    public Optional<String> contextId(SessionId id) {
        LiveSession known = contexts.find(id);
        if (known != null && known.cdpContextId != null) {
            // Known already (a warm context learnt it): the client does not queue behind the Playwright thread.
            return Optional.of(known.cdpContextId);
        }
        return runtime.call(() -> {
            LiveSession session = contexts.find(id);
            if (session == null) {
                return Optional.<String>empty();
            }
            if (session.cdpContextId == null) {
                session.cdpContextId = ContextFactory.cdpContextId(session.context, session.page());
            }
            return Optional.of(session.cdpContextId);
        });
    }
}
