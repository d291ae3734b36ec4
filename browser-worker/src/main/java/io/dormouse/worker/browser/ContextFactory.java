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
import com.microsoft.playwright.CDPSession;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Route;
import com.microsoft.playwright.options.Cookie;
import com.microsoft.playwright.options.Proxy;
import com.microsoft.playwright.options.SameSiteAttribute;

import io.dormouse.protocol.ProtocolJson;
import io.dormouse.protocol.SessionId;
import io.dormouse.protocol.SessionSnapshot;
import io.dormouse.protocol.SessionSpec;
import io.dormouse.worker.policy.EgressProxy;
import io.dormouse.worker.policy.EgressRoute;

/** Builds browser contexts from a spec, fresh or rehydrated from a snapshot. Playwright thread only. */
final class ContextFactory {
    /** A tab's back/forward list is rebuilt up to this many entries around the current one. */
    private static final int MAX_REPLAYED_HISTORY = 20;

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

    private ContextFactory() {
    }

    static LiveSession fresh(Browser browser, SessionId id, int partition, SessionSpec spec, EgressRoute egress) {
        BrowserContext context = browser.newContext(options(spec, egress));
        return new LiveSession(id, partition, spec, context, context.newPage(), egress);
    }

    /** A warm context becomes a fresh session's context as it is; its scratch page goes. */
    static LiveSession freshFromWarm(WarmPool.Warm warm, SessionId id, int partition, SessionSpec spec) {
        warm.scratch().close();
        LiveSession session = new LiveSession(id, partition, spec, warm.context(), warm.page(), warm.egress());
        session.cdpContextId = warm.cdpContextId();
        return session;
    }

    /** The context's CDP {@code browserContextId}, asked of one of its pages. Playwright thread only. */
    static String cdpContextId(BrowserContext context, Page page) {
        CDPSession probe = context.newCDPSession(page);
        try {
            return probe.send("Target.getTargetInfo").getAsJsonObject("targetInfo").get("browserContextId")
                    .getAsString();
        } finally {
            probe.detach();
        }
    }

    /** Options of a pre-warmed context: what {@link WarmPool#fits} sessions get. */
    static Browser.NewContextOptions warmOptions(EgressRoute egress) {
        return options(SessionSpec.ofProfile("warm"), egress);
    }

    /**
     * Rehydrates a snapshot into a warm context, as a list of short Playwright steps so other sessions run between
     * them: cookies are added, each origin's localStorage is written from the scratch page (on a blank document the
     * worker serves itself at that origin, so the site is not contacted and the agent's tab gets no extra history
     * entry), sessionStorage is restored by the same init script as in {@link #restore}, and the tabs are reopened.
     */
    static final class WarmRestore {
        private static final String RESTORE_PATH = "/__dormouse_restore__";
        private static final String WRITE_LOCAL_STORAGE = "(items) => { for (const [k, v] of Object.entries(items))"
                + " localStorage.setItem(k, v); }";

        private final WarmPool.Warm warm;
        private final SessionId id;
        private final int partition;
        private final SessionSpec spec;
        private final SessionSnapshot snapshot;
        private final double navigationTimeoutMillis;
        private final List<Page> pages = new ArrayList<>();

        WarmRestore(WarmPool.Warm warm, SessionId id, int partition, SessionSpec spec, SessionSnapshot snapshot,
                double navigationTimeoutMillis) {
            this.warm = warm;
            this.id = id;
            this.partition = partition;
            this.spec = spec;
            this.snapshot = snapshot;
            this.navigationTimeoutMillis = navigationTimeoutMillis;
        }

        List<Runnable> steps() {
            List<Runnable> steps = new ArrayList<>();
            BrowserContext context = warm.context();
            steps.add(() -> {
                context.setExtraHTTPHeaders(snapshot.extraHttpHeaders());
                if (!snapshot.cookies().isEmpty()) {
                    context.addCookies(cookies(snapshot));
                }
            });
            for (SessionSnapshot.OriginStorage origin : snapshot.origins()) {
                if (origin.localStorage().isEmpty() || !origin.origin().startsWith("http")) {
                    continue;
                }
                steps.add(() -> {
                    Page scratch = warm.scratch();
                    String url = origin.origin() + RESTORE_PATH;
                    scratch.route(url, route -> route.fulfill(new Route.FulfillOptions()
                            .setContentType("text/html").setBody("<!doctype html><title>restore</title>")));
                    scratch.navigate(url, new Page.NavigateOptions().setTimeout(navigationTimeoutMillis));
                    scratch.evaluate(WRITE_LOCAL_STORAGE, origin.localStorage());
                    scratch.unroute(url);
                });
            }
            steps.add(() -> warm.scratch().close());
            Map<String, Map<String, String>> sessionStorage = sessionStorageByOrigin(snapshot);
            List<SessionSnapshot.PageState> states = snapshot.pages();
            for (int i = 0; i < Math.max(1, states.size()); i++) {
                SessionSnapshot.PageState state = i < states.size() ? states.get(i) : null;
                boolean first = i == 0;
                steps.add(() -> {
                    Page page = first ? warm.page() : context.newPage();
                    if (!sessionStorage.isEmpty()) {
                        page.addInitScript(initScript(sessionStorage));
                    }
                    if (state != null) {
                        openTab(page, state, navigationTimeoutMillis);
                    }
                    pages.add(page);
                });
            }
            return steps;
        }

        /** The session once every step ran. */
        LiveSession session() {
            Page active = pages.get(Math.min(snapshot.activePageIndex(), pages.size() - 1));
            LiveSession session = new LiveSession(id, partition, spec, warm.context(), active, warm.egress());
            session.cdpContextId = warm.cdpContextId();
            session.extraHttpHeaders = snapshot.extraHttpHeaders();
            session.rememberApplied(snapshot.appliedCommands());
            return session;
        }

        /** After a failed step: the half-restored context is closed, never handed out. */
        void abandon() {
            warm.context().close();
        }
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

    /** Whether only a context built from Playwright's storage state can restore the snapshot (IndexedDB). */
    static boolean needsStorageState(SessionSnapshot snapshot) {
        return snapshot.origins().stream().anyMatch(origin -> origin.indexedDb() != null);
    }

    /**
     * Reopens a tab where it was: its back/forward list is rebuilt, the current entry is loaded from the site, and the
     * scroll position is put back. The other entries are navigated to once, each answered by a blank page with the
     * entry's title that the worker serves through interception, so the site sees only the current page; going back
     * later loads the real page (Playwright launches Chromium without the back/forward cache, and the stand-ins are
     * {@code no-store}).
     */
    static void openTab(Page page, SessionSnapshot.PageState state, double navigationTimeoutMillis) {
        Page.NavigateOptions navigation = new Page.NavigateOptions().setTimeout(navigationTimeoutMillis);
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
                page.navigate(state.url(), navigation);
            }
        } else {
            int last = current == entries.size() - 1 ? current - 1 : entries.size() - 1;
            for (int i = 0; i <= last; i++) {
                navigateToStandIn(page, entries.get(i), navigation);
            }
            if (current == entries.size() - 1) {
                page.navigate(state.url(), navigation);
            } else {
                int steps = entries.size() - 1 - current;
                page.waitForNavigation(new Page.WaitForNavigationOptions().setTimeout(navigationTimeoutMillis),
                        () -> page.evaluate("steps => history.go(-steps)", steps));
            }
        }
        if (state.scrollX() != 0 || state.scrollY() != 0) {
            page.evaluate("([x, y]) => window.scrollTo(x, y)", List.of(state.scrollX(), state.scrollY()));
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

    /**
     * Rehydrates cookies, localStorage and IndexedDB through Playwright's storage state, sessionStorage through an init
     * script, and reopens every tab with {@link #openTab}.
     */
    static LiveSession restore(Browser browser, SessionId id, int partition, SessionSpec spec,
            SessionSnapshot snapshot, double navigationTimeoutMillis, EgressRoute egress) {
        BrowserContext context = browser.newContext(options(spec, egress).setStorageState(storageState(snapshot))
                .setExtraHTTPHeaders(snapshot.extraHttpHeaders()));
        Map<String, Map<String, String>> sessionStorage = sessionStorageByOrigin(snapshot);
        List<Page> pages = new ArrayList<>();
        try {
            for (SessionSnapshot.PageState state : snapshot.pages()) {
                Page page = context.newPage();
                if (!sessionStorage.isEmpty()) {
                    page.addInitScript(initScript(sessionStorage));
                }
                openTab(page, state, navigationTimeoutMillis);
                pages.add(page);
            }
            Page active = pages.isEmpty() ? context.newPage() : pages.get(snapshot.activePageIndex());
            LiveSession session = new LiveSession(id, partition, spec, context, active, egress);
            session.extraHttpHeaders = snapshot.extraHttpHeaders();
            session.rememberApplied(snapshot.appliedCommands());
            return session;
        } catch (RuntimeException e) {
            context.close();
            throw e;
        }
    }

    private static String initScript(Map<String, Map<String, String>> sessionStorage) {
        return "(" + SESSION_STORAGE_RESTORE + ")(" + ProtocolJson.encode(sessionStorage) + ");";
    }

    private static Browser.NewContextOptions options(SessionSpec spec, EgressRoute egress) {
        Browser.NewContextOptions options = new Browser.NewContextOptions()
                .setViewportSize(spec.viewport().width(), spec.viewport().height());
        if (spec.userAgent() != null) {
            options.setUserAgent(spec.userAgent());
        }
        if (spec.locale() != null) {
            options.setLocale(spec.locale());
        }
        if (spec.timezone() != null) {
            options.setTimezoneId(spec.timezone());
        }
        // Every connection goes through the egress proxy, which applies the navigation policy and, when the spec names
        // one, forwards to the session's own proxy. Loopback is proxied too ("<-loopback>" removes Chromium's implicit
        // bypass), so the policy sees it.
        EgressProxy.Endpoint endpoint = egress.endpoint();
        options.setProxy(new Proxy(endpoint.server()).setUsername(endpoint.username())
                .setPassword(endpoint.password()).setBypass("<-loopback>"));
        return options;
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
