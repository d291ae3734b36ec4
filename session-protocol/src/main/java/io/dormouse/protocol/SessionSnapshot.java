package io.dormouse.protocol;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Everything needed to bring a session back: its spec, cookies, both storages and IndexedDB per origin, its open pages
 * (history and scroll position) and the extra HTTP headers it sends. Versioned by {@code formatVersion}: version 2
 * added IndexedDB and scroll positions, which a version-1 snapshot restores without; a reader refuses a version newer
 * than it knows rather than restoring part of a session. {@code appliedCommands} lists the latest commands whose effect the snapshot holds, so a
 * worker that replays a command after a crash or hand-over can tell it was already applied.
 */
public record SessionSnapshot(
        int formatVersion,
        SessionId sessionId,
        Instant takenAt,
        SessionSpec spec,
        List<Cookie> cookies,
        List<OriginStorage> origins,
        List<PageState> pages,
        int activePageIndex,
        Map<String, String> extraHttpHeaders,
        List<CommandId> appliedCommands) {
    public static final int FORMAT_VERSION = 2;

    public SessionSnapshot {
        if (formatVersion < 1 || formatVersion > FORMAT_VERSION) {
            throw new IllegalArgumentException(
                    "snapshot formatVersion " + formatVersion + " is not supported (1.." + FORMAT_VERSION + ")");
        }
        Objects.requireNonNull(sessionId, "sessionId is required");
        Objects.requireNonNull(takenAt, "takenAt is required");
        Objects.requireNonNull(spec, "spec is required");
        cookies = cookies == null ? List.of() : List.copyOf(cookies);
        origins = origins == null ? List.of() : List.copyOf(origins);
        pages = pages == null ? List.of() : List.copyOf(pages);
        extraHttpHeaders = extraHttpHeaders == null ? Map.of() : Map.copyOf(extraHttpHeaders);
        appliedCommands = appliedCommands == null ? List.of() : List.copyOf(appliedCommands);
        if (!pages.isEmpty() && (activePageIndex < 0 || activePageIndex >= pages.size())) {
            throw new IllegalArgumentException("activePageIndex " + activePageIndex + " is outside the open pages");
        }
    }

    /** A cookie as the browser holds it; {@code expires} is seconds since the epoch, -1 for a session cookie. */
    public record Cookie(String name, String value, String domain, String path, double expires, boolean httpOnly,
            boolean secure, String sameSite) {
    }

    /**
     * localStorage, sessionStorage and IndexedDB of one origin ({@code scheme://host:port}). {@code indexedDb} is the
     * list of databases in Playwright's storage-state form (name, version, object stores with their indexes and
     * records), or null when the origin has none.
     */
    public record OriginStorage(String origin, Map<String, String> localStorage, Map<String, String> sessionStorage,
            JsonNode indexedDb) {
        public OriginStorage {
            Objects.requireNonNull(origin, "origin is required");
            localStorage = localStorage == null ? Map.of() : Map.copyOf(localStorage);
            sessionStorage = sessionStorage == null ? Map.of() : Map.copyOf(sessionStorage);
        }
    }

    /**
     * An open tab: where it is, its back/forward history with {@code historyIndex} pointing at the current entry, and
     * how far it was scrolled, in CSS pixels.
     */
    public record PageState(String url, String title, List<HistoryEntry> history, int historyIndex, Double scrollX,
            Double scrollY) {
        public PageState {
            // Absent in format version 1.
            scrollX = scrollX == null ? 0.0 : scrollX;
            scrollY = scrollY == null ? 0.0 : scrollY;
            Objects.requireNonNull(url, "url is required");
            history = history == null ? List.of() : List.copyOf(history);
        }
    }

    public record HistoryEntry(String url, String title) {
    }
}
