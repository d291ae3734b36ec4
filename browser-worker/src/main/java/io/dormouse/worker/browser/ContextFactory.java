package io.dormouse.worker.browser;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.Proxy;

import io.dormouse.protocol.ProtocolJson;
import io.dormouse.protocol.SessionId;
import io.dormouse.protocol.SessionSnapshot;
import io.dormouse.protocol.SessionSpec;
import io.dormouse.worker.policy.EgressProxy;
import io.dormouse.worker.policy.EgressRoute;

/** Builds browser contexts from a spec, fresh or rehydrated from a snapshot. Playwright thread only. */
final class ContextFactory {
    private static final String ABOUT_BLANK = "about:blank";

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

    /**
     * Rehydrates cookies and localStorage through Playwright's storage state, sessionStorage through an init script,
     * and reopens every tab at its URL. Back/forward history is kept in the snapshot but not replayed yet.
     */
    static LiveSession restore(Browser browser, SessionId id, int partition, SessionSpec spec,
            SessionSnapshot snapshot, double navigationTimeoutMillis, EgressRoute egress) {
        BrowserContext context = browser.newContext(options(spec, egress).setStorageState(storageState(snapshot))
                .setExtraHTTPHeaders(snapshot.extraHttpHeaders()));
        Map<String, Map<String, String>> sessionStorage = new HashMap<>();
        for (SessionSnapshot.OriginStorage origin : snapshot.origins()) {
            if (!origin.sessionStorage().isEmpty()) {
                sessionStorage.put(origin.origin(), origin.sessionStorage());
            }
        }
        List<Page> pages = new ArrayList<>();
        try {
            for (SessionSnapshot.PageState state : snapshot.pages()) {
                Page page = context.newPage();
                if (!sessionStorage.isEmpty()) {
                    page.addInitScript(initScript(sessionStorage));
                }
                if (!ABOUT_BLANK.equals(state.url())) {
                    page.navigate(state.url(), new Page.NavigateOptions().setTimeout(navigationTimeoutMillis));
                }
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

    /** Playwright's storage-state JSON: cookies plus localStorage per origin. */
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
        }
        return ProtocolJson.encode(state);
    }
}
