package io.dormouse.systemtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import com.fasterxml.jackson.databind.JsonNode;

import io.dormouse.protocol.SessionHibernated;
import io.dormouse.protocol.SessionId;

/**
 * The worker's own limits, configured the way operators know them: {@code HIBERNATE_AFTER} hibernates idle sessions,
 * {@code BROWSER_MEMORY_LIMIT} restarts Chromium after checkpointing every session. Neither loses a session's state.
 */
class ResourceLimitsIT {
    private static final String READ_STATE = """
            {"type":"evaluate","expression":"() => [document.cookie, localStorage.getItem('dm_local'),\
             sessionStorage.getItem('dm_session'), location.href]"}""";

    /** One dedicated stack per nested class, started with that class's settings. */
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    abstract static class WithStack {
        StackFixture fixture;

        abstract Map<String, String> settings();

        @BeforeAll
        void start() throws Exception {
            fixture = StackFixture.open(1, settings());
        }

        @AfterAll
        void stop() throws Exception {
            fixture.close();
        }
    }

    @Nested
    class IdleSessions extends WithStack {
        @Override
        Map<String, String> settings() {
            return Map.of("HIBERNATE_AFTER", "2", "DORMOUSE_WORKER_IDLE_CHECK_INTERVAL", "1s");
        }

        @Test
        void anIdleSessionIsHibernatedAndComesBackWhole() throws Exception {
            Api registry = fixture.registry;
            TestSite site = fixture.site;
            try (LifecycleEvents events = new LifecycleEvents(fixture.stack)) {
                String id = prepareSession(registry, site, "idle");

                SessionHibernated hibernated = events.awaitEvent(SessionHibernated.class,
                        e -> e.sessionId().equals(SessionId.of(id)), Duration.ofSeconds(20));
                assertThat(hibernated.reason()).isEqualTo("idle");
                await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(
                        registry.get("/v1/sessions/" + id).get("state").asText()).isEqualTo("HIBERNATED"));

                assertStateIsBack(registry, site, id, "idle");
            }
        }
    }

    @Nested
    class MemoryLimit extends WithStack {
        @Override
        Map<String, String> settings() {
            // Far below what any Chromium uses, so the worker restarts it at every check.
            return Map.of("BROWSER_MEMORY_LIMIT", "1m", "DORMOUSE_WORKER_MEMORY_CHECK_INTERVAL", "3s",
                    "HIBERNATE_AFTER", "0");
        }

        @Test
        void chromiumOverItsLimitIsRestartedWithoutLosingSessions() throws Exception {
            Api registry = fixture.registry;
            TestSite site = fixture.site;
            try (LifecycleEvents events = new LifecycleEvents(fixture.stack)) {
                String id = prepareSession(registry, site, "memory");

                SessionHibernated hibernated = events.awaitEvent(SessionHibernated.class,
                        e -> e.sessionId().equals(SessionId.of(id)), Duration.ofSeconds(30));
                assertThat(hibernated.reason()).isEqualTo("memory");

                assertStateIsBack(registry, site, id, "memory");
                JsonNode workers = Api.monitor(fixture.stack).get("/v1/workers").body();
                assertThat(workers.get(0).get("browserMemoryBytes").asLong()).isPositive();
            }
        }
    }

    @Nested
    class Capacity extends WithStack {
        @Override
        Map<String, String> settings() {
            return Map.of("MAX_CONTEXTS_PER_WORKER", "2", "HIBERNATE_AFTER", "0");
        }

        @Test
        void pastCapacityTheLeastRecentlyUsedSessionIsHibernated() throws Exception {
            Api registry = fixture.registry;
            TestSite site = fixture.site;
            Api worker = new Api(fixture.stack.workers().get(0).baseUrl());
            try (LifecycleEvents events = new LifecycleEvents(fixture.stack)) {
                String first = prepareSession(registry, site, "first");
                String second = prepareSession(registry, site, "second");
                String third = prepareSession(registry, site, "third");

                SessionHibernated evicted = events.awaitEvent(SessionHibernated.class,
                        e -> e.reason().equals("capacity"), Duration.ofSeconds(20));
                assertThat(evicted.sessionId().value()).isEqualTo(first);
                assertThat(worker.get("/q/health/ready").body().findValue("activeContexts").asInt()).isEqualTo(2);
                assertThat(registry.get("/v1/sessions/" + third).get("state").asText()).isEqualTo("ACTIVE");

                assertStateIsBack(registry, site, first, "first");
                SessionHibernated next = events.awaitEvent(SessionHibernated.class,
                        e -> e.reason().equals("capacity") && !e.sessionId().value().equals(first),
                        Duration.ofSeconds(20));
                assertThat(next.sessionId().value()).isEqualTo(second);
                assertThat(worker.get("/q/health/ready").body().findValue("activeContexts").asInt()).isEqualTo(2);
            }
        }
    }

    private static String prepareSession(Api registry, TestSite site, String marker) throws Exception {
        String id = registry.post("/v1/sessions", "{\"profile\":\"default\"}").get("id").asText();
        Api.Reply navigated = registry.act(id,
                "{\"type\":\"navigate\",\"url\":\"" + site.url("/state.html?v=" + marker) + "\"}");
        assertThat(navigated.get("status").asText()).as(navigated.raw()).isEqualTo("completed");
        return id;
    }

    private static void assertStateIsBack(Api registry, TestSite site, String id, String marker) throws Exception {
        Api.Reply reply = registry.act(id, READ_STATE);
        assertThat(reply.get("status").asText()).as(reply.raw()).isEqualTo("completed");
        JsonNode state = reply.get("result");
        assertThat(state.get(0).asText()).isEqualTo("dm_cookie=" + marker);
        assertThat(state.get(1).asText()).isEqualTo(marker);
        assertThat(state.get(2).asText()).isEqualTo(marker);
        assertThat(state.get(3).asText()).isEqualTo(site.url("/state.html?v=" + marker));
    }
}
