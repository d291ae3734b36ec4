package io.dormouse.worker.browser;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.CDPSession;
import com.microsoft.playwright.Page;

import io.dormouse.protocol.CommandId;
import io.dormouse.protocol.ProfileHealth;
import io.dormouse.protocol.SessionId;
import io.dormouse.protocol.SessionSpec;
import io.dormouse.worker.policy.EgressRoute;

/** A session with a live browser context on this worker. Touched only on the Playwright thread unless marked. */
final class LiveSession {
    /** How many applied command ids a snapshot remembers: enough to cover every command a crash can replay. */
    static final int APPLIED_COMMANDS_KEPT = 256;
    /** A host under {@code .invalid} (RFC 2606) never has cookies, so reading its cookies answers at once. */
    private static final String SYNC_URL = "http://sync.invalid/";

    final SessionId id;
    /** The action partition its commands arrive on; fixed, since the key (the session id) decides it. */
    final int partition;
    final SessionSpec spec;
    final BrowserContext context;
    Page activePage;
    Map<String, String> extraHttpHeaders = Map.of();
    private final Deque<CommandId> appliedCommands = new ArrayDeque<>();
    /** When a command last used it ({@link System#nanoTime()}); read by the idle check from another thread. */
    volatile long lastUsedNanos = System.nanoTime();
    /** Set by a state-changing command, cleared by a checkpoint; read from the checkpoint scheduler's thread. */
    volatile boolean dirty;
    volatile long lastCheckpointNanos = System.nanoTime();
    /** When a command last used it, as wall-clock time for events. */
    volatile Instant lastUsedAt = Instant.now();
    /** How many of the worker's idle thresholds were announced since the last command. */
    volatile int idleThresholdsAnnounced;
    /** Counted by Playwright's page events, which fire on the Playwright thread. */
    volatile int crashes;
    volatile int consoleErrors;
    volatile int failedActions;
    /** URLs of pages that crashed and were not announced yet. */
    final Queue<String> unannouncedCrashes = new ConcurrentLinkedQueue<>();
    /** Crashed pages answer no script or DevTools call; a snapshot keeps only their URL. */
    final Set<Page> crashedPages = ConcurrentHashMap.newKeySet();

    final EgressRoute egress;

    /** The profile's health settings; each command's spec brings the latest, so a change reaches a live session. */
    volatile ProfileHealth health;
    /** When the profile's auth probe is next due ({@link System#nanoTime()}): at once after activation. */
    volatile long nextAuthProbeNanos = System.nanoTime();
    volatile boolean authProbedSinceActivation;
    /**
     * A DevTools session per tab, for evaluations: what they park in the page is held by DevTools, out of the page's
     * reach. Playwright thread only.
     */
    final Map<Page, CDPSession> evaluators = new HashMap<>();
    /** CDP clients connected through the gateway; while there are any the session is never idle nor evicted. */
    volatile int cdpClients;
    /**
     * A CDP client sent something since Playwright last heard from the browser. Playwright keeps tabs and URLs
     * client-side and updates them only while a call of ours waits on it, so after a client drove the session they
     * are stale until one round trip ({@link #syncView}).
     */
    volatile boolean drivenOverCdp;
    /** The context's CDP {@code browserContextId}, learnt when the first CDP client connects; read from any thread. */
    volatile String cdpContextId;

    LiveSession(SessionId id, int partition, SessionSpec spec, BrowserContext context, Page activePage,
            EgressRoute egress) {
        this.id = id;
        this.egress = egress;
        this.partition = partition;
        this.spec = spec;
        this.health = spec.health();
        this.context = context;
        this.activePage = activePage;
        context.pages().forEach(this::watch);
        context.onPage(this::watch);
    }

    private void watch(Page page) {
        page.onCrash(crashed -> {
            crashes++;
            crashedPages.add(crashed);
            unannouncedCrashes.add(crashed.url());
        });
        page.onConsoleMessage(message -> {
            if ("error".equals(message.type())) {
                consoleErrors++;
            }
        });
        page.onPageError(error -> consoleErrors++);
    }

    void touch() {
        lastUsedNanos = System.nanoTime();
        lastUsedAt = Instant.now();
        idleThresholdsAnnounced = 0;
    }

    /**
     * Brings Playwright's client-side view (tabs, URLs) up to what CDP clients did: any call dispatches the events that
     * arrived before its answer, and a cookie read for a host that cannot exist is the cheapest one that needs no
     * renderer (a page busy in a script cannot hold it up). Costs nothing when no client drove the session.
     * Playwright thread only.
     */
    void syncView() {
        if (drivenOverCdp) {
            drivenOverCdp = false;
            context.cookies(SYNC_URL);
        }
    }

    /** The page actions run in; a new blank one if the agent's page was closed. */
    Page page() {
        if (activePage == null || activePage.isClosed()) {
            activePage = openPages().stream().findFirst().orElseGet(context::newPage);
        }
        return activePage;
    }

    List<Page> openPages() {
        return context.pages().stream().filter(p -> !p.isClosed()).toList();
    }

    synchronized boolean hasApplied(CommandId commandId) {
        return appliedCommands.contains(commandId);
    }

    synchronized void applied(CommandId commandId) {
        appliedCommands.addLast(commandId);
        while (appliedCommands.size() > APPLIED_COMMANDS_KEPT) {
            appliedCommands.removeFirst();
        }
    }

    synchronized void rememberApplied(Collection<CommandId> commandIds) {
        commandIds.forEach(this::applied);
    }

    synchronized List<CommandId> appliedCommands() {
        return List.copyOf(appliedCommands);
    }
}
