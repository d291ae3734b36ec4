package io.dormouse.worker.browser;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Route;
import com.microsoft.playwright.options.Cookie;
import com.microsoft.playwright.options.LoadState;
import com.microsoft.playwright.options.SameSiteAttribute;
import com.microsoft.playwright.options.WaitUntilState;

import io.dormouse.protocol.ProtocolJson;
import io.dormouse.protocol.SessionId;
import io.dormouse.protocol.SessionSnapshot;
import io.dormouse.protocol.SessionSpec;
import io.dormouse.worker.policy.EgressRoute;

/**
 * Rehydrates a snapshot into a browser context as a list of short {@link Step}s, so other sessions run between them
 * and no page load holds the Playwright thread: every tab is navigated up to its commit, then the loads are awaited
 * (polled) together, then the scroll positions are put back. Into a new context, cookies, localStorage and IndexedDB
 * come with Playwright's storage state; into a warm one, cookies are added and each origin's localStorage is written
 * from the scratch page (on a blank document the worker serves itself at that origin, so the site is not contacted
 * and the agent's tab gets no extra history entry). sessionStorage is restored by an init script in either case.
 */
final class SnapshotRestore {
    /** A tab's back/forward list is rebuilt up to this many entries around the current one. */
    private static final int MAX_REPLAYED_HISTORY = 20;
    private static final String RESTORE_PATH = "/__dormouse_restore__";
    private static final String WRITE_LOCAL_STORAGE = "(items) => { for (const [k, v] of Object.entries(items))"
            + " localStorage.setItem(k, v); }";
    /**
     * Restores sessionStorage before any page script runs, once per tab: a tab's sessionStorage survives its own
     * navigations, so an empty one means this tab has not been restored yet.
     */
    private static final String SESSION_STORAGE_RESTORE = """
            (byOrigin) => {
              const items = byOrigin[location.origin];
              if (!items || sessionStorage.length > 0) return;
              for (const [key, value] of Object.entries(items)) sessionStorage.setItem(key, value);
            }""";

    /** One piece of the restore. */
    sealed interface Step {
    }

    /** Work for one hop to the Playwright thread. */
    record Call(Runnable work) implements Step {
    }

    /** The tab's page load, polled until it is done (or the restore's navigation timeout). */
    record AwaitLoad(Restored tab) implements Step {
    }

    /** A tab as the restore builds it; its page exists once the step that opens it ran. */
    static final class Restored {
        final SessionSnapshot.PageState state;
        Page page;

        Restored(SessionSnapshot.PageState state) {
            this.state = state;
        }
    }

    private final SessionId id;
    private final int partition;
    private final SessionSpec spec;
    private final SessionSnapshot snapshot;
    private final double navigationTimeoutMillis;
    private final EgressRoute egress;
    private final WarmPool.Warm warm;
    private final Browser browser;
    private final List<Restored> tabs = new ArrayList<>();
    private BrowserContext context;

    private SnapshotRestore(SessionId id, int partition, SessionSpec spec, SessionSnapshot snapshot,
            double navigationTimeoutMillis, EgressRoute egress, WarmPool.Warm warm, Browser browser) {
        this.id = id;
        this.partition = partition;
        this.spec = spec;
        this.snapshot = snapshot;
        this.navigationTimeoutMillis = navigationTimeoutMillis;
        this.egress = egress;
        this.warm = warm;
        this.browser = browser;
        this.context = warm == null ? null : warm.context();
    }

    /** Into a pre-warmed context; not for a snapshot that {@linkplain #needsStorageState needs storage state}. */
    static SnapshotRestore intoWarm(WarmPool.Warm warm, SessionId id, int partition, SessionSpec spec,
            SessionSnapshot snapshot, double navigationTimeoutMillis) {
        return new SnapshotRestore(id, partition, spec, snapshot, navigationTimeoutMillis, warm.egress(), warm, null);
    }

    /** Into a context created from the snapshot's storage state. */
    static SnapshotRestore intoNew(Browser browser, EgressRoute egress, SessionId id, int partition, SessionSpec spec,
            SessionSnapshot snapshot, double navigationTimeoutMillis) {
        return new SnapshotRestore(id, partition, spec, snapshot, navigationTimeoutMillis, egress, null, browser);
    }

    /** Whether only a context built from Playwright's storage state can restore the snapshot (IndexedDB). */
    static boolean needsStorageState(SessionSnapshot snapshot) {
        return snapshot.origins().stream().anyMatch(origin -> origin.indexedDb() != null);
    }

    /** Runs every step on this thread, awaiting each load in place: for callers that own Playwright (tests). */
    static LiveSession now(SnapshotRestore restore) {
        try {
            for (Step step : restore.steps()) {
                switch (step) {
                    case Call call -> call.work().run();
                    case AwaitLoad await -> await.tab().page.waitForLoadState(LoadState.LOAD,
                            new Page.WaitForLoadStateOptions().setTimeout(restore.navigationTimeoutMillis));
                }
            }
            return restore.session();
        } catch (RuntimeException e) {
            restore.abandon();
            throw e;
        }
    }

    List<Step> steps() {
        List<Step> steps = new ArrayList<>();
        if (warm == null) {
            steps.add(new Call(() -> context = browser.newContext(ContextFactory.options(spec, egress)
                    .setStorageState(storageState(snapshot)).setExtraHTTPHeaders(snapshot.extraHttpHeaders()))));
        } else {
            addWarmStorageSteps(steps);
        }
        Map<String, Map<String, String>> sessionStorage = sessionStorageByOrigin(snapshot);
        List<SessionSnapshot.PageState> states = snapshot.pages();
        for (int i = 0; i < Math.max(1, states.size()); i++) {
            Restored tab = new Restored(i < states.size() ? states.get(i) : null);
            boolean first = i == 0;
            tabs.add(tab);
            steps.add(new Call(() -> {
                tab.page = first && warm != null ? warm.page() : context.newPage();
                if (!sessionStorage.isEmpty()) {
                    tab.page.addInitScript(initScript(sessionStorage));
                }
                if (tab.state != null) {
                    startTab(tab.page, tab.state, navigationTimeoutMillis);
                }
            }));
        }
        for (Restored tab : tabs) {
            if (tab.state != null) {
                steps.add(new AwaitLoad(tab));
                if (tab.state.scrollX() != 0 || tab.state.scrollY() != 0) {
                    steps.add(new Call(() -> tab.page.evaluate("([x, y]) => window.scrollTo(x, y)",
                            List.of(tab.state.scrollX(), tab.state.scrollY()))));
                }
            }
        }
        return steps;
    }

    private void addWarmStorageSteps(List<Step> steps) {
        steps.add(new Call(() -> {
            context.setExtraHTTPHeaders(snapshot.extraHttpHeaders());
            if (!snapshot.cookies().isEmpty()) {
                context.addCookies(cookies(snapshot));
            }
        }));
        for (SessionSnapshot.OriginStorage origin : snapshot.origins()) {
            if (origin.localStorage().isEmpty() || !origin.origin().startsWith("http")) {
                continue;
            }
            steps.add(new Call(() -> {
                Page scratch = warm.scratch();
                String url = origin.origin() + RESTORE_PATH;
                scratch.route(url, route -> route.fulfill(new Route.FulfillOptions()
                        .setContentType("text/html").setBody("<!doctype html><title>restore</title>")));
                scratch.navigate(url, new Page.NavigateOptions().setTimeout(navigationTimeoutMillis));
                scratch.evaluate(WRITE_LOCAL_STORAGE, origin.localStorage());
                scratch.unroute(url);
            }));
        }
        steps.add(new Call(() -> warm.scratch().close()));
    }

    /** The session once every step ran. Playwright thread. */
    LiveSession session() {
        Page active = tabs.get(Math.min(snapshot.activePageIndex(), tabs.size() - 1)).page;
        LiveSession session = new LiveSession(id, partition, spec, context, active, egress);
        if (warm != null) {
            session.cdpContextId = warm.cdpContextId();
        }
        session.extraHttpHeaders = snapshot.extraHttpHeaders();
        session.rememberApplied(snapshot.appliedCommands());
        return session;
    }

    /** After a failed step: the half-restored context is closed, never handed out. Playwright thread. */
    void abandon() {
        if (context != null) {
            context.close();
        }
    }

    /**
     * Reopens a tab where it was, up to the commit of its current page: its back/forward list is rebuilt and the
     * current entry is requested from the site. The other entries are navigated to once, each answered by a blank page
     * with the entry's title that the worker serves through interception, so the site sees only the current page;
     * going back later loads the real page (Playwright launches Chromium without the back/forward cache, and the
     * stand-ins are {@code no-store}).
     */
    private static void startTab(Page page, SessionSnapshot.PageState state, double navigationTimeoutMillis) {
        Page.NavigateOptions navigation = new Page.NavigateOptions().setTimeout(navigationTimeoutMillis);
        Page.NavigateOptions toCommit = new Page.NavigateOptions().setTimeout(navigationTimeoutMillis)
                .setWaitUntil(WaitUntilState.COMMIT);
        // Only web pages are replayed; the current entry keeps its place among them.
        List<SessionSnapshot.HistoryEntry> entries = new ArrayList<>();
        int current = -1;
        for (int i = 0; i < state.history().size(); i++) {
            SessionSnapshot.HistoryEntry entry = state.history().get(i);
            if (isWebPage(entry.url())) {
                if (i == state.historyIndex()) {
                    current = entries.size();
                }
                entries.add(entry);
            }
        }
        if (entries.size() > MAX_REPLAYED_HISTORY) {
            int skip = Math.min(entries.size() - MAX_REPLAYED_HISTORY, Math.max(0, current));
            entries = entries.subList(skip, Math.min(entries.size(), skip + MAX_REPLAYED_HISTORY));
            current -= skip;
        }
        if (entries.size() < 2 || current < 0 || current >= entries.size()
                || !entries.get(current).url().equals(state.url())) {
            // A tab on anything but a web page or a data: URL (about:blank, or a URL the page guard would close)
            // reopens blank.
            if (isWebPage(state.url()) || state.url().startsWith("data:")) {
                page.navigate(state.url(), toCommit);
            }
            return;
        }
        int last = current == entries.size() - 1 ? current - 1 : entries.size() - 1;
        for (int i = 0; i <= last; i++) {
            navigateToStandIn(page, entries.get(i), navigation);
        }
        if (current == entries.size() - 1) {
            page.navigate(state.url(), toCommit);
        } else {
            int steps = entries.size() - 1 - current;
            page.waitForNavigation(new Page.WaitForNavigationOptions().setTimeout(navigationTimeoutMillis)
                    .setWaitUntil(WaitUntilState.COMMIT), () -> page.evaluate("steps => history.go(-steps)", steps));
        }
    }

    private static boolean isWebPage(String url) {
        return url.startsWith("http:") || url.startsWith("https:");
    }

    private static void navigateToStandIn(Page page, SessionSnapshot.HistoryEntry entry,
            Page.NavigateOptions navigation) {
        Predicate<String> thisEntry = entry.url()::equals;
        page.route(thisEntry, route -> route.fulfill(new Route.FulfillOptions().setContentType("text/html")
                .setHeaders(Map.of("Cache-Control", "no-store"))
                .setBody("<!doctype html><title>" + escapeHtml(entry.title()) + "</title>")));
        try {
            page.navigate(entry.url(), navigation);
        } finally {
            page.unroute(thisEntry);
        }
    }

    private static String escapeHtml(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    private static String initScript(Map<String, Map<String, String>> sessionStorage) {
        return "(" + SESSION_STORAGE_RESTORE + ")(" + ProtocolJson.encode(sessionStorage) + ");";
    }

    private static Map<String, Map<String, String>> sessionStorageByOrigin(SessionSnapshot snapshot) {
        Map<String, Map<String, String>> sessionStorage = new HashMap<>();
        for (SessionSnapshot.OriginStorage origin : snapshot.origins()) {
            if (!origin.sessionStorage().isEmpty()) {
                sessionStorage.put(origin.origin(), origin.sessionStorage());
            }
        }
        return sessionStorage;
    }

    private static List<Cookie> cookies(SessionSnapshot snapshot) {
        List<Cookie> cookies = new ArrayList<>();
        for (SessionSnapshot.Cookie c : snapshot.cookies()) {
            Cookie cookie = new Cookie(c.name(), c.value()).setDomain(c.domain()).setPath(c.path())
                    .setHttpOnly(c.httpOnly()).setSecure(c.secure());
            if (c.expires() > 0) {
                cookie.setExpires(c.expires());
            }
            if (c.sameSite() != null) {
                cookie.setSameSite(SameSiteAttribute.valueOf(c.sameSite().toUpperCase(Locale.ROOT)));
            }
            cookies.add(cookie);
        }
        return cookies;
    }

    /** Playwright's storage-state JSON: cookies plus localStorage and IndexedDB per origin. */
    private static String storageState(SessionSnapshot snapshot) {
        JsonNodeFactory json = JsonNodeFactory.instance;
        ObjectNode state = json.objectNode();
        ArrayNode cookies = state.putArray("cookies");
        for (SessionSnapshot.Cookie cookie : snapshot.cookies()) {
            ObjectNode node = cookies.addObject();
            node.put("name", cookie.name());
            node.put("value", cookie.value());
            node.put("domain", cookie.domain());
            node.put("path", cookie.path());
            node.put("expires", cookie.expires());
            node.put("httpOnly", cookie.httpOnly());
            node.put("secure", cookie.secure());
            node.put("sameSite", cookie.sameSite() == null ? "Lax" : cookie.sameSite());
        }
        ArrayNode origins = state.putArray("origins");
        for (SessionSnapshot.OriginStorage origin : snapshot.origins()) {
            ObjectNode node = origins.addObject();
            node.put("origin", origin.origin());
            ArrayNode items = node.putArray("localStorage");
            origin.localStorage().forEach((name, value) -> items.addObject().put("name", name).put("value", value));
            if (origin.indexedDb() != null) {
                node.set("indexedDB", origin.indexedDb());
            }
        }
        return ProtocolJson.encode(state);
    }
}
