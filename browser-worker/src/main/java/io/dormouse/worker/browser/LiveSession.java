package io.dormouse.worker.browser;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;

import io.dormouse.protocol.SessionId;
import io.dormouse.protocol.SessionSpec;

/** A session with a live browser context on this worker. Touched only on the Playwright thread. */
final class LiveSession {
    final SessionId id;
    /** The action partition its commands arrive on; fixed, since the key (the session id) decides it. */
    final int partition;
    final SessionSpec spec;
    final BrowserContext context;
    Page activePage;
    /** When a command last used it ({@link System#nanoTime()}); read by the idle check from another thread. */
    volatile long lastUsedNanos = System.nanoTime();

    LiveSession(SessionId id, int partition, SessionSpec spec, BrowserContext context, Page activePage) {
        this.id = id;
        this.partition = partition;
        this.spec = spec;
        this.context = context;
        this.activePage = activePage;
    }

    /** The page actions run in; a new blank one if the agent's page was closed. */
    Page page() {
        if (activePage == null || activePage.isClosed()) {
            activePage = context.pages().stream().filter(p -> !p.isClosed()).findFirst()
                    .orElseGet(context::newPage);
        }
        return activePage;
    }
}
