package io.dormouse.client;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;

import io.dormouse.protocol.Action;
import io.dormouse.protocol.CommandId;
import io.dormouse.protocol.SessionId;

/** A persistent browser session. Cheap to make: it holds the id and the last view of the session. */
public final class Session {
    /** What an action may take unless told otherwise, as the registry's own default. */
    public static final Duration DEFAULT_ACTION_TIMEOUT = Duration.ofSeconds(30);

    private final DormouseClient client;
    private volatile SessionInfo info;

    Session(DormouseClient client, SessionInfo info) {
        this.client = client;
        this.info = info;
    }

    public SessionId id() {
        return info.id();
    }

    /** The session as last seen; {@link #refresh()} reads it again. */
    public SessionInfo info() {
        return info;
    }

    DormouseClient client() {
        return client;
    }

    /** A completed action: its result and where the time went. */
    public record Result(CommandId commandId, JsonNode result, String sessionState, String workerId, JsonNode timings) {
    }

    public Result act(Action action) {
        return act(action, DEFAULT_ACTION_TIMEOUT, CommandId.random());
    }

    /**
     * Runs one action; throws the typed {@link DormouseException} when it failed. When the registry or the worker did
     * not answer in time, the action is sent again with the same command id, up to the client's retries, so it never
     * runs twice: the registry answers a repeated id with the first outcome.
     */
    public Result act(Action action, Duration timeout, CommandId commandId) {
        Http http = client.http();
        int attempts = client.retries() + 1;
        for (int attempt = 0;; attempt++) {
            Http.Reply reply;
            try {
                reply = http.send("POST", path("/actions"), action, Map.of("timeoutMs", timeout.toMillis()),
                        Map.of("Dormouse-Command-Id", commandId.value()), timeout.plusSeconds(15));
            } catch (DormouseException.Unavailable e) {
                if (attempt < attempts - 1) {
                    continue;
                }
                throw new DormouseException.Unavailable(e.code(), e.getMessage(), e.status(), commandId.value());
            }
            JsonNode body = reply.body();
            if ("failed".equals(body.path("status").asText())) {
                JsonNode error = body.path("error");
                throw DormouseException.of(error.path("code").asText("internal"), error.path("message").asText(),
                        reply.status(), commandId.value(), true);
            }
            return new Result(CommandId.of(body.path("commandId").asText(commandId.value())), body.path("result"),
                    SessionInfo.text(body, "sessionState"), SessionInfo.text(body, "workerId"), body.path("timings"));
        }
    }

    /** The tab actions run in (the one the agent left the session on). */
    public Page activePage() {
        return new Page(this);
    }

    /** The open tabs: {@code {active, pages: [{index, url, title}]}}. */
    public JsonNode pages() {
        return act(new Action.ListPages()).result();
    }

    public Page newPage(String url) {
        act(new Action.NewPage(url));
        return new Page(this);
    }

    public SessionInfo refresh() {
        info = SessionInfo.of(client.http().get(path(""), Map.of()).body());
        return info;
    }

    /** Stores a snapshot and closes the context; the next action or resume rehydrates it. */
    public JsonNode hibernate() {
        JsonNode body = client.http().send("POST", path("/hibernate"), null).body();
        refresh();
        return body;
    }

    /** Makes the session active, rehydrating it if it was hibernated. */
    public Session resume() {
        info = SessionInfo.of(client.http().send("POST", path("/resume"), null, Map.of(), Map.of(),
                client.http().timeout.plusSeconds(60)).body());
        return this;
    }

    /** Snapshot, close and rehydrate: fresh browser memory, the same state. */
    public JsonNode recycle() {
        return client.http().send("POST", path("/recycle"), null).body();
    }

    public void delete() {
        client.deleteSession(id());
    }

    /** Adds and removes tags atomically: concurrent patches all apply. */
    public SessionInfo patchTags(List<String> add, List<String> remove) {
        info = SessionInfo.of(client.http().send("PATCH", path("/tags"), Map.of("add", add, "remove", remove))
                .body());
        return info;
    }

    /** Live health figures ({@code sample}, {@code memoryMb}, {@code pageCount}, {@code recycleCount}, …). */
    public JsonNode metrics() {
        return client.http().get(path("/metrics"), Map.of()).body();
    }

    /** Every journal entry, oldest first, read page by page as the stream is consumed. */
    public Stream<JsonNode> history() {
        return Paging.stream(cursor -> {
            Http.Reply reply = client.http().get(path("/history"), Http.query("after", cursor, "limit", 100));
            List<JsonNode> entries = new ArrayList<>();
            reply.body().forEach(entries::add);
            return new Paging.Page<>(entries, reply.header("Dormouse-Next-Cursor"));
        });
    }

    /** The kept snapshot versions. */
    public JsonNode snapshots() {
        return client.http().get(path("/snapshots"), Map.of()).body();
    }

    /** Makes snapshot {@code version} current again. */
    public SessionInfo rewind(long version) {
        info = SessionInfo
                .of(client.http().send("POST", path("/rewind"), Map.of("version", version), Map.of(), Map.of(),
                        client.http().timeout.plusSeconds(60)).body());
        return info;
    }

    /** {@code count} new hibernated sessions from this one's latest snapshot (e.g. many logged-in copies). */
    public List<Session> fork(int count, List<String> tags) {
        JsonNode body = client.http().send("POST", path("/fork"), Map.of("count", count, "tags", tags)).body();
        List<Session> forks = new ArrayList<>();
        body.path("sessions").forEach(view -> forks.add(new Session(client, SessionInfo.of(view))));
        return forks;
    }

    /**
     * A short-lived CDP WebSocket URL bound to this session, for Playwright's {@code connectOverCDP}, Puppeteer or
     * Playwright MCP; the session keeps its state across connections.
     */
    public String connectUrl() {
        return client.http().send("POST", path("/connect"), null).body().path("cdpUrl").asText();
    }

    private String path(String suffix) {
        return "/v1/sessions/" + id().value() + suffix;
    }

    @Override
    public String toString() {
        return "Session[" + id().value() + ", " + info.state() + "]";
    }
}
