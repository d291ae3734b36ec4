package io.dormouse.systemtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The walking skeleton end to end: a session is created, acts on a page served from 127.0.0.1, hibernates (the worker
 * frees its context), resumes with cookie, localStorage, sessionStorage and URL intact, and survives a registry crash.
 */
class SessionLifecycleIT {
    private static final System.Logger LOG = System.getLogger(SessionLifecycleIT.class.getName());
    private static final String READ_STATE = """
            {"type":"evaluate","expression":"() => ({cookie: document.cookie, local: localStorage.getItem('dm_local'),\
             session: sessionStorage.getItem('dm_session'), url: location.href})"}""";

    private static DormouseStack stack;
    private static TestSite site;
    private static Api registry;
    private static Api monitor;

    @BeforeAll
    static void startStack() throws Exception {
        stack = DormouseStack.shared();
        site = new TestSite();
        registry = new Api(stack.registry().baseUrl());
        monitor = Api.monitor(stack);
    }

    @AfterAll
    static void stopSite() {
        site.close();
    }

    @Test
    void sessionSurvivesHibernationAndRegistryRestart() throws Exception {
        String marker = "m" + System.nanoTime();
        long createStart = System.nanoTime();
        Api.Reply created = registry.post("/v1/sessions",
                "{\"profile\":\"default\",\"tags\":[\"system-test\",\"lifecycle\"],\"viewport\":{\"width\":1024,"
                        + "\"height\":768}}");
        assertThat(created.status()).as(created.raw()).isEqualTo(201);
        assertThat(created.get("state").asText()).isEqualTo("CREATED");
        String id = created.get("id").asText();
        assertThat(id).matches("ses_[0-9A-Za-z]{12}");

        Api.Reply first = registry.act(id, Api.navigate(site.url("/state.html?v=" + marker)));
        long createAndNavigateMillis = millisSince(createStart);
        assertThat(first.status()).as(first.raw()).isEqualTo(200);
        assertThat(first.get("status").asText()).as(first.raw()).isEqualTo("completed");
        assertThat(first.get("result").get("title").asText()).isEqualTo("Dormouse state page");
        String lastUrl = site.url("/plain.html");
        Api.Reply second = registry.act(id, Api.navigate(lastUrl));
        assertThat(second.get("status").asText()).as(second.raw()).isEqualTo("completed");

        JsonNode before = registry.act(id, READ_STATE).get("result");
        assertThat(before.get("cookie").asText()).isEqualTo("dm_cookie=" + marker);
        assertThat(before.get("local").asText()).isEqualTo(marker);
        assertThat(before.get("session").asText()).isEqualTo(marker);
        assertThat(registry.get("/v1/sessions/" + id).get("state").asText()).isEqualTo("ACTIVE");

        Instant hibernatedAt = Instant.now();
        long hibernateStart = System.nanoTime();
        Api.Reply hibernated = registry.post("/v1/sessions/" + id + "/hibernate", "");
        long hibernateMillis = millisSince(hibernateStart);
        assertThat(hibernated.status()).as(hibernated.raw()).isEqualTo(200);
        assertThat(hibernated.get("state").asText()).isEqualTo("HIBERNATED");
        assertThat(registry.get("/v1/sessions/" + id).get("state").asText()).isEqualTo("HIBERNATED");
        assertThat(registry.get("/v1/sessions/" + id + "/snapshots").body()).isNotEmpty();
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            JsonNode workers = monitor.get("/v1/workers").body();
            assertThat(workers).hasSize(1);
            JsonNode worker = workers.get(0);
            assertThat(worker.get("alive").asBoolean()).isTrue();
            assertThat(Instant.parse(worker.get("lastHeartbeatAt").asText())).isAfter(hibernatedAt);
            // Other tests share this stack's worker, so its count is theirs too; this session's own sample is gone.
            assertThat(registry.get("/v1/sessions/" + id + "/metrics").get("sample").asText()).isEqualTo("NONE");
        });

        long resumeStart = System.nanoTime();
        Api.Reply resumed = registry.post("/v1/sessions/" + id + "/resume", "");
        long resumeMillis = millisSince(resumeStart);
        assertThat(resumed.status()).as(resumed.raw()).isEqualTo(200);
        assertThat(resumed.get("state").asText()).isEqualTo("ACTIVE");
        assertThat(resumed.get("page").get("url").asText()).isEqualTo(lastUrl);
        assertThat(resumed.get("page").get("title").asText()).isEqualTo("Dormouse plain page");

        JsonNode after = registry.act(id, READ_STATE).get("result");
        assertThat(after.get("cookie").asText()).isEqualTo("dm_cookie=" + marker);
        assertThat(after.get("local").asText()).isEqualTo(marker);
        assertThat(after.get("session").asText()).isEqualTo(marker);
        assertThat(after.get("url").asText()).isEqualTo(lastUrl);
        // The tab's history came back too (rebuilt in a pre-warmed context): back leads to the state page.
        assertThat(registry.act(id, "{\"type\":\"back\"}").get("status").asText()).isEqualTo("completed");
        assertThat(registry.act(id, "{\"type\":\"url\"}").get("result").asText())
                .isEqualTo(site.url("/state.html?v=" + marker));
        assertThat(registry.act(id, "{\"type\":\"forward\"}").get("status").asText()).isEqualTo("completed");

        stack.registry().kill();
        long restartStart = System.nanoTime();
        stack.registry().start().awaitReady(Duration.ofSeconds(180));
        long registryRestartMillis = millisSince(restartStart);
        JsonNode listed = registry.get("/v1/sessions?tags=system-test,lifecycle").body();
        assertThat(listed).extracting(node -> node.get("id").asText()).contains(id);
        JsonNode row = registry.get("/v1/sessions/" + id).body();
        assertThat(row.get("tags")).extracting(JsonNode::asText).containsExactly("system-test", "lifecycle");
        assertThat(row.get("state").asText()).isEqualTo("ACTIVE");
        assertThat(registry.act(id, "{\"type\":\"url\"}").get("result").asText()).isEqualTo(lastUrl);
        assertThat(registry.delete("/v1/sessions/" + id).status()).isEqualTo(204);

        LOG.log(System.Logger.Level.INFO, String.format("FIGURES stack-up=%dms create+first-navigate=%dms "
                + "hibernate=%dms resume=%dms registry-restart-to-ready=%dms", stack.startupTime.toMillis(),
                createAndNavigateMillis, hibernateMillis, resumeMillis, registryRestartMillis));
    }

    @Test
    void deletingASessionEndsItAndDropsItsSnapshot() throws Exception {
        String id = registry.post("/v1/sessions", "{\"profile\":\"default\",\"tags\":[\"system-test\"]}")
                .get("id").asText();
        assertThat(registry.act(id, Api.navigate(site.url("/state.html?v=gone"))).get("status").asText())
                .isEqualTo("completed");
        assertThat(registry.post("/v1/sessions/" + id + "/hibernate", "").status()).isEqualTo(200);
        Api store = Api.store(stack);
        assertThat(store.get("/v1/snapshots/" + id + "/versions").body()).isNotEmpty();

        assertThat(registry.delete("/v1/sessions/" + id).status()).isEqualTo(204);

        Api.Reply get = registry.get("/v1/sessions/" + id);
        assertThat(get.status()).isEqualTo(410);
        assertThat(get.get("error").asText()).isEqualTo("session-deleted");
        Api.Reply action = registry.act(id, "{\"type\":\"url\"}");
        assertThat(action.status()).isEqualTo(410);
        assertThat(action.get("message").asText()).contains(id).contains("deleted");
        assertThat(registry.get("/v1/sessions?tags=system-test").body())
                .extracting(node -> node.get("id").asText()).doesNotContain(id);
        await().atMost(Duration.ofSeconds(20)).until(() -> store.get("/v1/snapshots/" + id + "/versions").body()
                .isEmpty());
    }

    @Test
    void aRepeatedCommandIdHasOneEffectAndItsOutcomeCanBeLookedUp() throws Exception {
        String id = registry.post("/v1/sessions", "{\"profile\":\"default\"}").get("id").asText();
        try {
            assertThat(registry.act(id, Api.navigate(site.url("/plain.html"))).get("status").asText())
                    .isEqualTo("completed");
            String increment = "{\"type\":\"evaluate\",\"expression\":\"() => { const n ="
                    + " Number(localStorage.getItem('n') || 0) + 1; localStorage.setItem('n', n); return n; }\"}";
            String commandId = "retry-" + System.nanoTime();

            Api.Reply first = registry.act(id, increment, commandId);
            Api.Reply retry = registry.act(id, increment, commandId);
            Api.Reply fresh = registry.act(id, increment, commandId + "-2");

            assertThat(first.get("result").asInt()).as(first.raw()).isEqualTo(1);
            assertThat(retry.get("result").asInt()).as(retry.raw()).isEqualTo(1);
            assertThat(retry.get("commandId").asText()).isEqualTo(commandId);
            assertThat(fresh.get("result").asInt()).as(fresh.raw()).isEqualTo(2);
            JsonNode journaled = registry.get("/v1/commands/" + commandId).body();
            assertThat(journaled.get("status").asText()).as(journaled.toString()).isEqualTo("COMPLETED");
            assertThat(journaled.get("sessionId").asText()).isEqualTo(id);
            assertThat(journaled.get("outcome").get("result").asInt()).isEqualTo(1);
        } finally {
            // Other tests count the worker's contexts; leave none behind, pass or fail.
            registry.delete("/v1/sessions/" + id);
        }
    }

    /** A full-page screenshot too large for a result record is claim-checked and served by the registry. */
    @Test
    void largeScreenshotsAreServedByClaimCheckAndGoWithTheirSession() throws Exception {
        String id = registry.post("/v1/sessions", "{\"profile\":\"default\",\"tags\":[\"screenshots\"]}")
                .get("id").asText();
        assertThat(registry.act(id, Api.navigate(site.url("/noise.html"))).get("status").asText())
                .isEqualTo("completed");

        Api.Reply full = registry.act(id, "{\"type\":\"screenshot\",\"fullPage\":true}");
        assertThat(full.get("status").asText()).as(full.raw()).isEqualTo("completed");
        JsonNode result = full.get("result");
        assertThat(result.get("bytes").asLong()).isGreaterThan(655_360);
        assertThat(result.has("data")).isFalse();
        String href = result.get("href").asText();
        assertThat(href).startsWith("/v1/sessions/" + id + "/artifacts/art_");

        HttpResponse<byte[]> image = HttpClient.newHttpClient().send(Api.authorized(
                URI.create(stack.registry().baseUrl() + href)).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(image.statusCode()).isEqualTo(200);
        assertThat(image.headers().firstValue("Content-Type")).hasValue("image/png");
        assertThat(image.body()).hasSize(result.get("bytes").asInt());
        assertThat(Arrays.copyOf(image.body(), 4)).containsExactly(0x89, 'P', 'N', 'G');

        assertThat(registry.get(href.replace("art_", "art_0")).status()).isEqualTo(404);
        assertThat(registry.delete("/v1/sessions/" + id).status()).isEqualTo(204);
        assertThat(registry.get(href).status()).isEqualTo(410);
    }

    /** A recycle snapshots, closes and rehydrates the context: same id, same cookies, storage and page. */
    @Test
    void aRecycledSessionKeepsItsStateAndTheJournalShowsWhy() throws Exception {
        String marker = "r" + System.nanoTime();
        String id = registry.post("/v1/sessions", "{\"profile\":\"default\",\"tags\":[\"recycle\"]}")
                .get("id").asText();
        assertThat(registry.act(id, Api.navigate(site.url("/state.html?v=" + marker))).get("status").asText())
                .isEqualTo("completed");

        Api.Reply recycled = registry.post("/v1/sessions/" + id + "/recycle", "");
        assertThat(recycled.status()).as(recycled.raw()).isEqualTo(200);
        assertThat(recycled.get("recycled").asBoolean()).isTrue();
        assertThat(recycled.get("state").asText()).isEqualTo("ACTIVE");

        JsonNode state = registry.act(id, READ_STATE).get("result");
        assertThat(state.get("cookie").asText()).isEqualTo("dm_cookie=" + marker);
        assertThat(state.get("local").asText()).isEqualTo(marker);
        assertThat(state.get("session").asText()).isEqualTo(marker);
        assertThat(state.get("url").asText()).isEqualTo(site.url("/state.html?v=" + marker));
        // Worker events reach the journal through the registry's events consumer group, which a registry restarted
        // by another test of this class may still be rejoining.
        await().atMost(Duration.ofSeconds(45)).untilAsserted(() -> assertThat(
                registry.get("/v1/sessions/" + id + "/history?limit=1000").raw())
                .contains("\"reason\":\"recycle\"").contains("SessionRestored"));
    }

    private static long millisSince(long nanoStart) {
        return (System.nanoTime() - nanoStart) / 1_000_000;
    }
}
