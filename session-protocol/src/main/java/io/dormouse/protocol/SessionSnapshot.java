package io.dormouse.protocol;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Everything needed to bring a session back: its spec, cookies, both storages per origin, its open pages and the extra
 * HTTP headers it sends. Versioned by {@code formatVersion}; a reader refuses a version newer than it knows rather than
 * restoring part of a session. {@code appliedCommands} lists the latest commands whose effect the snapshot holds, so a
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
    public static final int FORMAT_VERSION = 1;

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

    /** localStorage and sessionStorage of one origin ({@code scheme://host:port}). */
    public record OriginStorage(String origin, Map<String, String> localStorage, Map<String, String> sessionStorage) {
        public OriginStorage {
            Objects.requireNonNull(origin, "origin is required");
            localStorage = localStorage == null ? Map.of() : Map.copyOf(localStorage);
            sessionStorage = sessionStorage == null ? Map.of() : Map.copyOf(sessionStorage);
        }
    }

    /** An open tab: where it is, and its back/forward history with {@code historyIndex} pointing at the current entry. */
    public record PageState(String url, String title, List<HistoryEntry> history, int historyIndex) {
        public PageState {
            Objects.requireNonNull(url, "url is required");
            history = history == null ? List.of() : List.copyOf(history);
        }
    }

    public record HistoryEntry(String url, String title) {
    }
}
