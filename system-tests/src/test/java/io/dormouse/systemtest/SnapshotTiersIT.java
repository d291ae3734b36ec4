package io.dormouse.systemtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import com.fasterxml.jackson.databind.JsonNode;

import io.dormouse.protocol.HibernationTier;
import io.dormouse.protocol.SessionHibernated;
import io.dormouse.protocol.SessionId;
import io.dormouse.protocol.SnapshotMoved;

/**
 * Snapshots end to end on a stack of its own: a session idle past its tier's limit is hibernated by the store, the
 * store is killed and restarted, and the session comes back whole (IndexedDB, history, scroll); rewind and fork work
 * through the registry.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SnapshotTiersIT {
    private static final System.Logger LOG = System.getLogger(SnapshotTiersIT.class.getName());
    private static final String WRITE_INDEXED_DB = """
            {"type":"evaluate","expression":"() => new Promise((resolve, reject) => {\
             const open = indexedDB.open('app', 2);\
             open.onupgradeneeded = () => open.result.createObjectStore('drafts', {keyPath: 'id'});\
             open.onsuccess = () => { const tx = open.result.transaction('drafts', 'readwrite');\
             tx.objectStore('drafts').put({id: 1, text: 'unsent draft'});\
             tx.oncomplete = () => { open.result.close(); resolve(true); }; tx.onerror = () => reject(tx.error); };\
             open.onerror = () => reject(open.error); })"}""";
    private static final String READ_INDEXED_DB = """
            {"type":"evaluate","expression":"() => new Promise((resolve, reject) => {\
             const open = indexedDB.open('app');\
             open.onsuccess = () => { const get = open.result.transaction('drafts').objectStore('drafts').get(1);\
             get.onsuccess = () => resolve(get.result ? get.result.text : null); get.onerror = () => reject(get.error); };\
             open.onerror = () => reject(open.error); })"}""";

    private StackFixture fixture;
    private Api registry;
    private TestSite site;

    @BeforeAll
    void start() throws Exception {
        // The store applies a tier's limit at the first idle report at or past it; the later thresholds are there for a
        // store that reads the test's tier change only after the first reports went by, as on a loaded machine.
        fixture = StackFixture.open(1,
                Map.of("IDLE_THRESHOLDS", "2s,4s,8s,16s", "DORMOUSE_WORKER_IDLE_CHECK_INTERVAL", "1s",
                        "DORMOUSE_SNAPSHOT_AGING_INTERVAL", "1s"));
        registry = fixture.registry;
        site = fixture.site;
    }

    @AfterAll
    void stop() throws Exception {
        fixture.close();
    }

    @Test
    void anIdleHotSessionIsHibernatedByTheStoreAndComesBackWholeAfterTheStoreRestarts() throws Exception {
        Api.Reply tiers = registry.put("/v1/hibernation/tiers",
                "{\"hot\":{\"maxIdleSeconds\":2,\"storage\":\"memory\"},"
                        + "\"warm\":{\"maxIdleSeconds\":3,\"storage\":\"redis\"}}");
        assertThat(tiers.status()).as(tiers.raw()).isEqualTo(200);
        String id = registry.post("/v1/sessions", "{\"profile\":\"default\",\"hibernationTier\":\"hot\"}")
                .get("id").asText();
        try (LifecycleEvents events = new LifecycleEvents(fixture.stack)) {
            registry.completed(id, Api.navigate(site.url("/tall/a")));
            assertThat(registry.completed(id, WRITE_INDEXED_DB).get("result").asBoolean()).isTrue();
            registry.completed(id, Api.navigate(site.url("/tall/b")));
            registry.completed(id, Api.navigate(site.url("/tall/c")));
            registry.completed(id, "{\"type\":\"evaluate\",\"expression\":\"() => window.scrollTo(0, 2500)\"}");
            long idleFrom = System.nanoTime();

            SessionHibernated hibernated = events.awaitEvent(SessionHibernated.class,
                    e -> e.sessionId().equals(SessionId.of(id)), Duration.ofSeconds(45));
            long idleToHibernated = (System.nanoTime() - idleFrom) / 1_000_000;
            assertThat(hibernated.reason()).isEqualTo("idle");
            // Unused, its snapshots age from memory to Redis (hot to warm) and on to disk (cold).
            SnapshotMoved cold = events.awaitEvent(SnapshotMoved.class, e -> e.sessionId().equals(SessionId.of(id))
                    && e.to() == HibernationTier.COLD, Duration.ofSeconds(40));
            assertThat(cold.from()).isEqualTo(HibernationTier.WARM);

            fixture.stack.store().kill();
            fixture.stack.store().start().awaitReady(Duration.ofSeconds(120));
            int standInHitsBefore = site.hits.get("/tall/b");

            Api.Reply resumed = registry.post("/v1/sessions/" + id + "/resume", "");
            assertThat(resumed.status()).as(resumed.raw()).isEqualTo(200);
            assertThat(resumed.get("page").get("url").asText()).isEqualTo(site.url("/tall/c"));
            assertThat(registry.completed(id, READ_INDEXED_DB).get("result").asText()).isEqualTo("unsent draft");
            assertThat(registry.completed(id, "{\"type\":\"evaluate\",\"expression\":\"() => window.scrollY\"}")
                    .get("result")
                    .asInt()).isEqualTo(2500);
            SnapshotMoved promoted = events.awaitEvent(SnapshotMoved.class,
                    e -> e.sessionId().equals(SessionId.of(id)) && e.reason().equals(SnapshotMoved.ACCESSED),
                    Duration.ofSeconds(10));
            assertThat(promoted.to()).isEqualTo(HibernationTier.HOT);

            assertThat(site.hits.get("/tall/b")).as("the history stand-in did not reach the site")
                    .isEqualTo(standInHitsBefore);
            registry.completed(id, "{\"type\":\"back\"}");
            assertThat(registry
                    .completed(id, "{\"type\":\"evaluate\",\"expression\":\"() => document.querySelector('#path')"
                            + ".textContent\"}")
                    .get("result").asText()).isEqualTo("/tall/b");
            LOG.log(System.Logger.Level.INFO, String.format("FIGURES idle-to-hibernated=%dms (hot tier "
                    + "maxIdleSeconds=2, worker IDLE_THRESHOLDS=2s,4s,8s,16s)", idleToHibernated));
        } finally {
            registry.put("/v1/hibernation/tiers", "{\"hot\":{\"maxIdleSeconds\":600,\"storage\":\"memory\"},"
                    + "\"warm\":{\"maxIdleSeconds\":3600,\"storage\":\"redis\"}}");
        }
    }

    @Test
    void rewindRestoresAnEarlierVersionAndForkMakesLoggedInCopies() throws Exception {
        String id = registry.post("/v1/sessions", "{\"profile\":\"default\",\"tags\":[\"rewind-source\"]}")
                .get("id").asText();
        registry.completed(id, Api.navigate(site.url("/state.html?v=first")));
        assertThat(registry.post("/v1/sessions/" + id + "/hibernate", "").status()).isEqualTo(200);
        JsonNode afterFirst = registry.get("/v1/sessions/" + id + "/snapshots").body();
        long firstVersion = afterFirst.get(afterFirst.size() - 1).get("version").asLong();
        assertThat(afterFirst.get(afterFirst.size() - 1).get("tier").asText()).isEqualTo("warm");

        assertThat(registry.post("/v1/sessions/" + id + "/resume", "").status()).isEqualTo(200);
        registry.completed(id, Api.navigate(site.url("/state.html?v=second")));
        assertThat(registry.post("/v1/sessions/" + id + "/hibernate", "").status()).isEqualTo(200);

        Api.Reply rewound = registry.post("/v1/sessions/" + id + "/rewind", "{\"version\":" + firstVersion + "}");
        assertThat(rewound.status()).as(rewound.raw()).isEqualTo(200);
        assertThat(rewound.get("state").asText()).isEqualTo("HIBERNATED");
        assertThat(registry.post("/v1/sessions/" + id + "/resume", "").status()).isEqualTo(200);
        assertThat(cookie(id)).isEqualTo("dm_cookie=first");

        // Rewinding an active session hibernates it, rewinds and resumes it.
        registry.completed(id, Api.navigate(site.url("/state.html?v=third")));
        Api.Reply live = registry.post("/v1/sessions/" + id + "/rewind", "{\"version\":" + firstVersion + "}");
        assertThat(live.status()).as(live.raw()).isEqualTo(200);
        assertThat(live.get("state").asText()).isEqualTo("ACTIVE");
        assertThat(cookie(id)).isEqualTo("dm_cookie=first");

        Api.Reply unknown = registry.post("/v1/sessions/" + id + "/rewind", "{\"version\":999999}");
        assertThat(unknown.status()).isEqualTo(409);
        assertThat(unknown.get("message").asText()).contains("999999").contains("/snapshots");

        registry.completed(id, Api.navigate(site.url("/state.html?v=logged-in")));
        assertThat(registry.post("/v1/sessions/" + id + "/hibernate", "").status()).isEqualTo(200);
        Api.Reply forked = registry.post("/v1/sessions/" + id + "/fork", "{\"count\":3,\"tags\":[\"forked\"]}");
        assertThat(forked.status()).as(forked.raw()).isEqualTo(201);
        List<String> copies = forked.get("sessions").findValuesAsText("id");
        assertThat(copies).hasSize(3).doesNotContain(id);
        for (String copy : copies) {
            assertThat(registry.get("/v1/sessions/" + copy).get("state").asText()).isEqualTo("HIBERNATED");
            Api.Reply resumed = registry.post("/v1/sessions/" + copy + "/resume", "");
            assertThat(resumed.status()).as(resumed.raw()).isEqualTo(200);
            assertThat(cookie(copy)).isEqualTo("dm_cookie=logged-in");
        }
        assertThat(registry.get("/v1/sessions?tags=forked").body()).hasSize(3);
        assertThat(registry.post("/v1/sessions/" + id + "/fork", "{\"count\":0}").status()).isEqualTo(400);

        Api store = Api.store(fixture.stack);
        assertThat(registry.delete("/v1/sessions/" + id).status()).isEqualTo(204);
        await().atMost(Duration.ofSeconds(20)).until(() -> store.get("/v1/snapshots/" + id + "/versions").body()
                .isEmpty());
        assertThat(store.get("/v1/snapshots/" + copies.get(0) + "/versions").body()).isNotEmpty();
    }

    private String cookie(String id) throws Exception {
        return registry.completed(id, "{\"type\":\"evaluate\",\"expression\":\"() => document.cookie\"}").get("result")
                .asText();
    }

}
