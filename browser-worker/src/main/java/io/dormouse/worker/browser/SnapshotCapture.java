package io.dormouse.worker.browser;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.CDPSession;
import com.microsoft.playwright.Page;

import io.dormouse.protocol.ProtocolJson;
import io.dormouse.protocol.SessionSnapshot;

/** Reads everything a session needs to come back from its live context. Playwright thread only. */
final class SnapshotCapture {
    private static final TypeReference<Map<String, String>> STRING_MAP = new TypeReference<>() {
    };
    private static final String READ_SESSION_STORAGE = """
            () => {
              const items = {};
              for (let i = 0; i < sessionStorage.length; i++) {
                const key = sessionStorage.key(i);
                items[key] = sessionStorage.getItem(key);
              }
              return JSON.stringify(items);
            }""";

    private SnapshotCapture() {
    }

    static SessionSnapshot capture(LiveSession live) {
        JsonNode state = parse(
                live.context.storageState(new BrowserContext.StorageStateOptions().setIndexedDB(true)));
        List<SessionSnapshot.Cookie> cookies = new ArrayList<>();
        for (JsonNode c : state.path("cookies")) {
            cookies.add(new SessionSnapshot.Cookie(c.path("name").asText(), c.path("value").asText(),
                    c.path("domain").asText(), c.path("path").asText("/"), c.path("expires").asDouble(-1),
                    c.path("httpOnly").asBoolean(), c.path("secure").asBoolean(), c.path("sameSite").asText("Lax")));
        }
        Map<String, Map<String, String>> localStorage = new LinkedHashMap<>();
        Map<String, JsonNode> indexedDb = new LinkedHashMap<>();
        for (JsonNode origin : state.path("origins")) {
            Map<String, String> items = new LinkedHashMap<>();
            for (JsonNode item : origin.path("localStorage")) {
                items.put(item.path("name").asText(), item.path("value").asText());
            }
            localStorage.put(origin.path("origin").asText(), items);
            JsonNode databases = origin.path("indexedDB");
            if (databases.isArray() && !databases.isEmpty()) {
                indexedDb.put(origin.path("origin").asText(), databases);
            }
        }

        Map<String, Map<String, String>> sessionStorage = new LinkedHashMap<>();
        List<SessionSnapshot.PageState> pages = new ArrayList<>();
        Page active = live.page();
        int activeIndex = 0;
        for (Page page : live.context.pages()) {
            if (page.isClosed()) {
                continue;
            }
            if (live.crashedPages.contains(page)) {
                if (page == active) {
                    activeIndex = pages.size();
                }
                pages.add(new SessionSnapshot.PageState(page.url(), "", List.of(), 0, 0.0, 0.0));
                continue;
            }
            String origin = originOf(page);
            if (origin != null) {
                sessionStorage.merge(origin, readSessionStorage(page), (first, later) -> {
                    // Tabs of one origin have separate sessionStorage; the agent's active tab wins.
                    return page == active ? later : first;
                });
            }
            if (page == active) {
                activeIndex = pages.size();
            }
            pages.add(pageState(live, page));
        }

        Set<String> allOrigins = new LinkedHashSet<>(localStorage.keySet());
        allOrigins.addAll(sessionStorage.keySet());
        List<SessionSnapshot.OriginStorage> origins = new ArrayList<>();
        for (String origin : allOrigins) {
            origins.add(new SessionSnapshot.OriginStorage(origin, localStorage.getOrDefault(origin, Map.of()),
                    sessionStorage.getOrDefault(origin, Map.of()), indexedDb.get(origin)));
        }
        return new SessionSnapshot(SessionSnapshot.FORMAT_VERSION, live.id, Instant.now(), live.spec, cookies,
                origins, pages, activeIndex, live.extraHttpHeaders, live.appliedCommands());
    }

    private static String originOf(Page page) {
        String origin = (String) page.evaluate("() => location.origin");
        return origin == null || "null".equals(origin) ? null : origin;
    }

    private static Map<String, String> readSessionStorage(Page page) {
        try {
            return ProtocolJson.mapper().readValue((String) page.evaluate(READ_SESSION_STORAGE), STRING_MAP);
        } catch (IOException e) {
            throw new IllegalStateException("sessionStorage of " + page.url() + " did not read as JSON", e);
        }
    }

    /** Back/forward history comes from the DevTools protocol, which Playwright exposes for Chromium. */
    private static SessionSnapshot.PageState pageState(LiveSession live, Page page) {
        CDPSession cdp = live.context.newCDPSession(page);
        try {
            JsonObject history = cdp.send("Page.getNavigationHistory");
            List<SessionSnapshot.HistoryEntry> entries = new ArrayList<>();
            for (JsonElement entry : history.getAsJsonArray("entries")) {
                JsonObject e = entry.getAsJsonObject();
                entries.add(new SessionSnapshot.HistoryEntry(e.get("url").getAsString(),
                        e.has("title") ? e.get("title").getAsString() : ""));
            }
            @SuppressWarnings("unchecked")
            List<Number> scroll = (List<Number>) page.evaluate("() => [window.scrollX, window.scrollY]");
            return new SessionSnapshot.PageState(page.url(), page.title(), entries,
                    history.get("currentIndex").getAsInt(), scroll.get(0).doubleValue(), scroll.get(1).doubleValue());
        } finally {
            cdp.detach();
        }
    }

    private static JsonNode parse(String json) {
        try {
            return ProtocolJson.mapper().readTree(json);
        } catch (IOException e) {
            throw new IllegalStateException("Playwright storage state did not parse", e);
        }
    }
}
