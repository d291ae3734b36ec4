package io.dormouse.mcp.tools;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.dormouse.client.DormouseClient;
import io.dormouse.client.Session;
import io.dormouse.client.SessionInfo;
import io.dormouse.mcp.tools.Tool.Effect;
import io.dormouse.protocol.HibernationTier;
import io.dormouse.protocol.ProtocolJson;
import io.dormouse.protocol.ProxySettings;
import io.dormouse.protocol.SessionId;
import io.dormouse.protocol.SessionSpec;
import io.dormouse.protocol.Viewport;

/** The tools that make, find, wake, put to sleep, copy, tag and delete sessions, and read their history. */
final class SessionTools {
    private static final List<String> STATES = List.of("CREATED", "ACTIVE", "HIBERNATED");
    private static final int MAX_HISTORY = 200;
    /** How far into a long history {@code session_history} reads for the latest entries. */
    private static final int HISTORY_SCAN = 10_000;

    private SessionTools() {
    }

    static List<Tool> all() {
        return List.of(create(), list(), resume(), hibernate(), fork(), tags(), delete(), history());
    }

    private static Tool create() {
        return new Tool("session_create", """
                Creates a persistent browser session and returns its session_id. The session keeps its tabs, \
                cookies, local storage and history for days, across hibernation and restarts: store the id and pass \
                it to every page tool. Its browser starts with the first page action (navigate).""",
                Schema.object()
                        .string("profile", "A name for the kind of session (1 to 64 of A-Z a-z 0-9 . _ -), e.g. "
                                + "'shopping'; defaults to 'mcp'.", false)
                        .strings("tags", "Labels to find the session by later with session_list.", false)
                        .enumeration("tier", "Where the session sleeps when idle: hot (memory, fastest to wake), "
                                + "warm (Redis, the default) or cold (disk).", List.of("hot", "warm", "cold"), false)
                        .integer("viewport_width", "Viewport width in CSS pixels (default 1280).", Viewport.MIN,
                                Viewport.MAX, false)
                        .integer("viewport_height", "Viewport height in CSS pixels (default 720).", Viewport.MIN,
                                Viewport.MAX, false)
                        .string("proxy", "An upstream proxy for the session's traffic, e.g. "
                                + "http://proxy.example:3128 or socks5://host:1080.", false)
                        .string("proxy_username", "The proxy's user name, if it asks for one.", false)
                        .string("proxy_password", "The proxy's password; it is stored sealed and never shown.", false),
                Effect.CHANGES, (client, args) -> {
                    Viewport viewport = null;
                    if (args.has("viewport_width") || args.has("viewport_height")) {
                        viewport = new Viewport(
                                args.has("viewport_width") ? args.integer("viewport_width") : Viewport.DEFAULT.width(),
                                args.has("viewport_height")
                                        ? args.integer("viewport_height")
                                        : Viewport.DEFAULT.height());
                    }
                    ProxySettings proxy = args.has("proxy")
                            ? new ProxySettings(args.string("proxy"), args.optionalString("proxy_username"),
                                    args.optionalString("proxy_password"))
                            : null;
                    if (proxy == null && (args.has("proxy_username") || args.has("proxy_password"))) {
                        throw ToolException.invalid("proxy_username and proxy_password need proxy");
                    }
                    String tier = args.optionalString("tier");
                    SessionSpec spec = new SessionSpec(args.has("profile") ? args.string("profile") : "mcp", viewport,
                            proxy, null, null, null, tier == null ? null : HibernationTier.fromWire(tier));
                    return ToolResults.session(client.createSession(spec, args.strings("tags")).info());
                });
    }

    private static Tool list() {
        return new Tool("session_list", """
                Lists your sessions, newest first: id, state, tags, profile and when each was last active. Use it to \
                find a session whose id you did not keep.""",
                Schema.object()
                        .strings("tags", "Only sessions carrying all of these tags.", false)
                        .enumeration("state", "Only sessions in this state.", STATES, false)
                        .integer("limit", "At most this many sessions (default 20).", 1, 100, false),
                Effect.READS, (client, args) -> {
                    String state = args.optionalString("state");
                    int limit = args.has("limit") ? args.integer("limit") : 20;
                    ObjectNode body = ProtocolJson.mapper().createObjectNode();
                    ArrayNode sessions = body.putArray("sessions");
                    try (Stream<SessionInfo> found = client.listSessions(args.strings("tags"),
                            state == null ? List.of() : List.of(state))) {
                        found.limit(limit).forEach(info -> sessions.add(ToolResults.view(info)));
                    }
                    return ToolResults.json(body, false);
                });
    }

    private static Tool resume() {
        return new Tool("session_resume", """
                Wakes a session by its id: a hibernated one comes back with the same tabs, page, cookies and \
                storage, so a login made days ago still holds. Page tools also wake a session by themselves; call \
                this after a restart to check the session is there and see its state.""",
                Schema.forSession(), Effect.CHANGES,
                (client, args) -> ToolResults.session(client.resumeSession(args.sessionId()).info()));
    }

    private static Tool hibernate() {
        return new Tool("session_hibernate", """
                Puts a session to sleep now: its state is saved and its browser closed, so it costs no memory. The \
                next page tool or session_resume wakes it as it was.""",
                Schema.forSession(), Effect.CHANGES, (client, args) -> {
                    Session session = client.session(args.sessionId());
                    session.hibernate();
                    return ToolResults.session(session.info());
                });
    }

    private static Tool fork() {
        return new Tool("session_fork", """
                Makes copies of a session from its latest saved state (e.g. several logged-in sessions from one \
                login). Each copy is a new, hibernated session with its own id; the original is unchanged.""",
                Schema.forSession()
                        .integer("count", "How many copies (default 1).", 1, 20, false)
                        .strings("tags", "Tags for the copies.", false),
                Effect.CHANGES, (client, args) -> {
                    List<Session> forks = client.session(args.sessionId())
                            .fork(args.has("count") ? args.integer("count") : 1, args.strings("tags"));
                    ObjectNode body = ProtocolJson.mapper().createObjectNode();
                    body.put("forked_from", args.sessionId().value());
                    ArrayNode sessions = body.putArray("sessions");
                    forks.forEach(fork -> sessions.add(ToolResults.view(fork.info())));
                    return ToolResults.json(body, false);
                });
    }

    private static Tool tags() {
        return new Tool("session_tags", "Adds and removes tags of a session; returns the session with its tags.",
                Schema.forSession()
                        .strings("add", "Tags to add.", false)
                        .strings("remove", "Tags to remove.", false),
                Effect.CHANGES, (client, args) -> ToolResults.session(
                        client.session(args.sessionId()).patchTags(args.strings("add"), args.strings("remove"))));
    }

    private static Tool delete() {
        return new Tool("session_delete", """
                Deletes a session for good: its browser, saved state and history. It cannot be undone; do it only \
                when the user asked for it or the session is no longer needed.""",
                Schema.forSession(), Effect.DELETES, (client, args) -> {
                    client.deleteSession(args.sessionId());
                    ObjectNode body = ProtocolJson.mapper().createObjectNode();
                    body.put("session_id", args.sessionId().value());
                    body.put("state", "DELETED");
                    return ToolResults.json(body, false);
                });
    }

    private static Tool history() {
        return new Tool("session_history", """
                The latest entries of a session's journal, oldest first: every action with its outcome, hibernations, \
                wakes and CDP connections.""",
                Schema.forSession().integer("limit", "How many of the latest entries (default 50).", 1, MAX_HISTORY,
                        false),
                Effect.READS, (client, args) -> ToolResults.json(
                        latestHistory(client, args.sessionId(), args.has("limit") ? args.integer("limit") : 50),
                        false));
    }

    /** The latest {@code limit} journal entries of the session, oldest first. */
    static ObjectNode latestHistory(DormouseClient client, SessionId id, int limit) {
        Deque<JsonNode> latest = new ArrayDeque<>(limit);
        boolean more = false;
        try (Stream<JsonNode> entries = client.session(id).history()) {
            Iterator<JsonNode> read = entries.limit(HISTORY_SCAN).iterator();
            while (read.hasNext()) {
                if (latest.size() == limit) {
                    latest.removeFirst();
                    more = true;
                }
                latest.addLast(read.next());
            }
        }
        ObjectNode body = ProtocolJson.mapper().createObjectNode();
        body.put("session_id", id.value());
        body.put("earlier_entries_left_out", more);
        body.putArray("entries").addAll(latest);
        return body;
    }

}
