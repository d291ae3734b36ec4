package io.dormouse.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.TextNode;

class ProtocolJsonTest {
    private static final SessionId SESSION = SessionId.random();
    private static final WorkerId WORKER = WorkerId.of("worker-1");
    private static final SessionSpec SPEC = new SessionSpec("default", new Viewport(1920, 1080),
            new ProxySettings("socks5://127.0.0.1:1080", "agent", "secret"), "Mozilla/5.0 test", "en-GB",
            "Europe/London", HibernationTier.HOT, new ProfileHealth(300,
                    new AuthProbe("sid", "() => !!window.user", "/login", 60)));

    @Test
    void everyCommandSurvivesARoundTrip() {
        RestorePoint restore = new RestorePoint(new SnapshotRef(SESSION, Instant.now(), 1234, "ab12"));
        List<SessionCommand> commands = List.of(
                new CreateSession(CommandId.random(), SESSION, SPEC, List.of("pool", "client-a"),
                        Map.of("owner", TextNode.valueOf("agent-7"))),
                new ReplaceSessionTags(CommandId.random(), SESSION, List.of("in-use")),
                new RunAction(CommandId.random(), SESSION, SPEC, new Action.Navigate("http://127.0.0.1/", "load"),
                        restore, Instant.now(), 5000),
                new RunAction(CommandId.random(), SESSION, SPEC, new Action.Evaluate("x => x + 1", IntNode.valueOf(1)),
                        null, Instant.now(), 5000),
                new RunAction(CommandId.random(), SESSION, SPEC, new Action.GetCookies(), null, Instant.now(), 5000),
                new HibernateSession(CommandId.random(), SESSION, SPEC, "idle"),
                new ResumeSession(CommandId.random(), SESSION, SPEC, restore),
                new DeleteSession(CommandId.random(), SESSION, null));

        for (SessionCommand command : commands) {
            String json = ProtocolJson.encode(command);
            assertThat(ProtocolJson.decode(json, SessionCommand.class)).as(json).isEqualTo(command);
        }
    }

    @Test
    void everyEventSurvivesARoundTrip() {
        CommandId commandId = CommandId.random();
        SnapshotRef ref = new SnapshotRef(SESSION, Instant.parse("2026-11-21T10:15:30.123Z"), 4096, "cafe");
        List<DormouseEvent> events = List.of(
                SessionCreated.of(commandId, SESSION, SPEC, List.of("a")),
                SessionActivated.of(commandId, SESSION, WORKER),
                SessionHibernated.of(commandId, SESSION, WORKER, "requested", ref),
                SessionRestored.of(commandId, SESSION, WORKER, ref, 87),
                SessionTagsChanged.of(commandId, SESSION, List.of("b", "c")),
                SessionDeleted.of(commandId, SESSION),
                ActionCompleted.of(commandId, SESSION, WORKER, TextNode.valueOf("http://127.0.0.1/"),
                        SessionState.HIBERNATED, ref, new Timings(3, 50, 12)),
                ActionFailed.of(commandId, SESSION, WORKER, new ActionError(ActionError.TIMEOUT, "took too long"),
                        SessionState.ACTIVE, new Timings(1, 0, 5000)),
                SessionIdle.of(SESSION, WORKER, 60, Instant.parse("2026-11-21T10:15:30Z"), HibernationTier.HOT),
                SnapshotMoved.of(SESSION, HibernationTier.HOT, HibernationTier.WARM, SnapshotMoved.AGED),
                SnapshotCorrupted.of(SESSION, 3, HibernationTier.COLD, "authentication tag mismatch"),
                PageCrashed.of(SESSION, WORKER, "http://127.0.0.1/", 1),
                SessionCheckedOut.of(SESSION, "lease-1", Instant.parse("2026-11-21T10:20:30Z")),
                SessionReleased.of(SESSION, "lease-1", SessionReleased.EXPIRED),
                HibernationTiersConfigured.of(Map.of("hot", new TierPolicy(600, "memory"), "cold",
                        new TierPolicy(86_400, "disk"))),
                ContextMetrics.of(SESSION, WORKER, new ContextMetrics.Sample(12_000_000, 1, 2, 0, 1,
                        Instant.parse("2026-11-21T10:15:30Z"), 300)),
                WorkerHeartbeat.of(WORKER, 3, 8, 5000, 300_000_000L, "127.0.0.1:8103"),
                CdpClientConnected.of(SESSION, WORKER, "cdp_1", 1),
                CdpClientDisconnected.of(SESSION, WORKER, "cdp_1", 0, CdpClientDisconnected.CLIENT, 42),
                WorkerLost.of(WORKER, Instant.parse("2026-11-21T10:15:30Z"), 3),
                SessionUnhealthy.of(SESSION, SessionUnhealthy.FAILED_ACTIONS, "5 in a row"),
                SessionHealthy.of(SESSION),
                AuthProbed.failed(SESSION, WORKER, AuthProbe.URL, "logged-out URL", "http://127.0.0.1/login",
                        AuthProbed.SCHEDULED),
                AuthProbed.passed(SESSION, WORKER, "http://127.0.0.1/", AuthProbed.ACTIVATED),
                SessionNeedsReauth.of(SESSION, AuthProbe.COOKIE, "no cookie sid"),
                SessionReauthenticated.of(SESSION));

        for (DormouseEvent event : events) {
            String json = ProtocolJson.encode(event);
            assertThat(json).contains("\"type\":\"" + event.getClass().getSimpleName() + "\"")
                    .contains("\"schemaVersion\":1");
            assertThat(ProtocolJson.decode(json, DormouseEvent.class)).as(json).isEqualTo(event);
        }
    }

    @Test
    void snapshotSurvivesARoundTrip() {
        SessionSnapshot snapshot = new SessionSnapshot(SessionSnapshot.FORMAT_VERSION, SESSION,
                Instant.parse("2026-11-21T10:15:30Z"), SPEC,
                List.of(new SessionSnapshot.Cookie("sid", "v1", "127.0.0.1", "/", -1, true, false, "Lax")),
                List.of(new SessionSnapshot.OriginStorage("http://127.0.0.1:8080", Map.of("k", "v"),
                        Map.of("s", "t"), ProtocolJson.mapper().createArrayNode()
                                .add(ProtocolJson.mapper().createObjectNode().put("name", "db").put("version", 1)))),
                List.of(new SessionSnapshot.PageState("http://127.0.0.1:8080/b", "B",
                        List.of(new SessionSnapshot.HistoryEntry("http://127.0.0.1:8080/a", "A"),
                                new SessionSnapshot.HistoryEntry("http://127.0.0.1:8080/b", "B")),
                        1, 0.0, 640.5)),
                0, Map.of("X-Agent", "dormouse"), List.of(CommandId.random()));

        byte[] json = ProtocolJson.encodeBytes(snapshot);

        assertThat(ProtocolJson.decode(json, SessionSnapshot.class)).isEqualTo(snapshot);
    }

    @Test
    void formatVersionOneSnapshotStillRestoresWithoutScrollAndIndexedDb() {
        String json = "{\"formatVersion\":1,\"sessionId\":\"" + SESSION + "\",\"takenAt\":\"2026-11-21T10:15:30Z\","
                + "\"spec\":{\"profile\":\"p\"},\"origins\":[{\"origin\":\"http://127.0.0.1:1\","
                + "\"localStorage\":{\"k\":\"v\"}}],\"pages\":[{\"url\":\"http://127.0.0.1:1/\",\"title\":\"t\","
                + "\"historyIndex\":0}],\"activePageIndex\":0}";

        SessionSnapshot snapshot = ProtocolJson.decode(json, SessionSnapshot.class);

        assertThat(snapshot.pages().getFirst().scrollY()).isZero();
        assertThat(snapshot.origins().getFirst().indexedDb()).isNull();
        assertThat(snapshot.origins().getFirst().localStorage()).containsEntry("k", "v");
    }

    @Test
    void unknownCommandTypeIsRejectedByName() {
        String json = "{\"type\":\"LaunchMissiles\",\"commandId\":\"c1\",\"sessionId\":\"" + SESSION + "\"}";

        assertThatThrownBy(() -> ProtocolJson.decode(json, SessionCommand.class))
                .isInstanceOf(ProtocolException.class)
                .hasMessage("unknown type 'LaunchMissiles' for SessionCommand");
    }

    @Test
    void unknownActionTypeIsRejectedByName() {
        assertThatThrownBy(() -> ProtocolJson.decode("{\"type\":\"teleport\"}", Action.class))
                .isInstanceOf(ProtocolException.class)
                .hasMessage("unknown type 'teleport' for Action");
    }

    @Test
    void missingTypeIsRejected() {
        assertThatThrownBy(() -> ProtocolJson.decode("{\"url\":\"http://x\"}", Action.class))
                .isInstanceOf(ProtocolException.class)
                .hasMessage("missing 'type' for Action");
    }

    @Test
    void anEventIsNotACommand() {
        String json = ProtocolJson.encode(SessionDeleted.of(CommandId.random(), SESSION));

        assertThatThrownBy(() -> ProtocolJson.decode(json, SessionCommand.class))
                .isInstanceOf(ProtocolException.class)
                .hasMessageContaining("'SessionDeleted'");
    }

    @Test
    void reasonsSpeakOfTheJsonNotOfJavaClasses() {
        assertThatThrownBy(() -> ProtocolJson.decode("{\"width\":\"abc\",\"height\":600}", Viewport.class))
                .hasMessage("width: expected a number, got 'abc'");
        assertThatThrownBy(() -> ProtocolJson.decode("{\"type\":\"addCookies\",\"cookies\":[{\"name\":\"a\","
                + "\"value\":\"b\",\"url\":\"http://x/\",\"httpOnly\":[1]}]}", Action.class))
                .hasMessageStartingWith("cookies[0].httpOnly: expected true or false")
                .message().doesNotContain("java.", "`", "Action$", "CookieParam");
        assertThatThrownBy(() -> ProtocolJson.decode("{\"type\":\"navigate\",\"url\":{}}", Action.class))
                .message().doesNotContain("java.", "`").contains("url");
    }

    @Test
    void unknownFieldsAreRejectedByName() {
        assertThatThrownBy(() -> ProtocolJson.decode("{\"type\":\"navigate\",\"url\":\"http://x\",\"urll\":1}",
                Action.class))
                .isInstanceOf(ProtocolException.class)
                .hasMessageStartingWith("unknown field 'urll'; known fields:");
    }

    @Test
    void invalidFieldValuesAreRejectedWithTheRuleBroken() {
        assertThatThrownBy(() -> ProtocolJson.decode("{\"type\":\"navigate\"}", Action.class))
                .isInstanceOf(ProtocolException.class)
                .hasMessage("url is required");
        assertThatThrownBy(() -> ProtocolJson.decode("{\"width\":5,\"height\":600}", Viewport.class))
                .hasMessageContaining("viewport width and height must be between 100 and 7680, got 5x600");
    }

    @Test
    void malformedJsonIsRejected() {
        assertThatThrownBy(() -> ProtocolJson.decode("{\"type\":", Action.class))
                .isInstanceOf(ProtocolException.class)
                .hasMessageStartingWith("malformed JSON");
    }

    @Test
    void newerSnapshotFormatIsRefused() {
        String json = "{\"formatVersion\":99,\"sessionId\":\"" + SESSION
                + "\",\"takenAt\":\"2026-01-01T00:00:00Z\",\"spec\":{\"profile\":\"p\"},\"activePageIndex\":0}";

        assertThatThrownBy(() -> ProtocolJson.decode(json, SessionSnapshot.class))
                .hasMessageContaining("snapshot formatVersion 99 is not supported");
    }

    @Test
    void proxyCredentialsStayOutOfToString() {
        assertThat(SPEC.toString()).doesNotContain("secret").contains("socks5://127.0.0.1:1080");
    }
}
