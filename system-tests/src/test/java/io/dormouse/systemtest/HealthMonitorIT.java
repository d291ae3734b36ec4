package io.dormouse.systemtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import com.fasterxml.jackson.databind.JsonNode;

import io.dormouse.protocol.AuthProbe;
import io.dormouse.protocol.AuthProbed;
import io.dormouse.protocol.PageCrashed;
import io.dormouse.protocol.SessionHibernated;
import io.dormouse.protocol.SessionId;
import io.dormouse.protocol.SessionNeedsReauth;
import io.dormouse.protocol.SessionReauthenticated;
import io.dormouse.protocol.SessionRestored;
import io.dormouse.protocol.SessionUnhealthy;

/**
 * The health-monitor's rules on a stack of its own with real Chromium: a leaking page is recycled with its state
 * intact until the storm guard stops it, a page crashed over DevTools is recycled, and failed actions in a row tag a session unhealthy until one completes.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HealthMonitorIT {
    private static final System.Logger LOG = System.getLogger(HealthMonitorIT.class.getName());

    private StackFixture fixture;
    private Api registry;
    private TestSite site;
    private DevTools devTools;

    @BeforeAll
    void start() throws Exception {
        devTools = new DevTools(DormouseStack.freePort());
        fixture = StackFixture.open(1, Map.of("MEMORY_THRESHOLD_MB", "48", "MAX_RECYCLES_PER_WINDOW", "2",
                "RECYCLE_BACKOFF", "3s", "UNHEALTHY_AFTER_FAILURES", "3", "DORMOUSE_WORKER_METRICS_INTERVAL", "1s",
                "DORMOUSE_WORKER_BROWSER_ARGS", "--no-sandbox,--disable-gpu,--disable-quic,--no-first-run,"
                        + "--disable-background-networking,--disable-component-update,--disable-sync,"
                        + "--disable-dev-shm-usage,--enable-precise-memory-info," + devTools.flag()));
        registry = fixture.registry;
        site = fixture.site;
    }

    @AfterAll
    void stop() throws Exception {
        fixture.close();
    }

    @Test
    void aLeakingPageIsRecycledWithItsStateUntilTheStormGuardDeclaresItUnhealthy() throws Exception {
        String id = registry.post("/v1/sessions", "{\"profile\":\"default\"}").get("id").asText();
        SessionId session = SessionId.of(id);
        try (LifecycleEvents events = new LifecycleEvents(fixture.stack)) {
            registry.completed(id, Api.navigate(site.url("/state.html?v=leaky")));
            Instant leakFrom = Instant.now();
            registry.completed(id, Api.navigate(site.url("/leak.html")));

            SessionHibernated recycled = events.awaitEvent(SessionHibernated.class,
                    e -> e.sessionId().equals(session), Duration.ofSeconds(30));
            long detectedMillis = Duration.between(leakFrom, recycled.occurredAt()).toMillis();
            assertThat(recycled.reason()).isEqualTo("memory");
            events.awaitEvent(SessionRestored.class, e -> e.sessionId().equals(session), Duration.ofSeconds(30));
            assertThat(registry
                    .completed(id,
                            "{\"type\":\"evaluate\",\"expression\":\"() => [document.cookie, location.pathname]\"}")
                    .get("result")).extracting(JsonNode::asText).containsExactly("dm_cookie=leaky", "/leak.html");

            // The restored page leaks again: one more recycle after the backoff, then the guard stops it.
            SessionUnhealthy storm = events.awaitEvent(SessionUnhealthy.class, e -> e.sessionId().equals(session),
                    Duration.ofSeconds(60));
            long stormMillis = Duration.between(leakFrom, storm.occurredAt()).toMillis();
            assertThat(storm.reason()).isEqualTo(SessionUnhealthy.RECYCLE_STORM);
            await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(
                    registry.get("/v1/sessions/" + id).get("tags")).extracting(JsonNode::asText)
                    .contains(SessionUnhealthy.TAG));
            JsonNode history = registry.get("/v1/sessions/" + id + "/history?limit=1000").body();
            assertThat(history.findValuesAsText("reason").stream().filter("memory"::equals).count())
                    .as("recycles in the journal").isGreaterThanOrEqualTo(2);
            JsonNode overview = Api.monitor(fixture.stack).get("/v1/health/overview").body();
            assertThat(overview.get("workersAlive").asInt()).isEqualTo(1);
            assertThat(overview.get("recentRecycles").findValuesAsText("reason")).contains("memory");
            assertThat(overview.get("sessions").get("byState").get("ACTIVE").asLong()).as(overview.toString())
                    .isPositive();
            assertThat(overview.get("sessions").get("byTier").get("warm").asLong()).isPositive();
            String metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create(fixture.stack.monitor().baseUrl() + "/q/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            assertThat(metrics).contains("dormouse_monitor_recycles_total{reason=\"memory\"}");
            LOG.log(System.Logger.Level.INFO, String.format("FIGURES leak-to-recycle=%dms leak-to-storm-verdict=%dms"
                    + " (threshold 48 MB, ~20 MB/s leak, metrics every 1 s)", detectedMillis, stormMillis));
        } finally {
            registry.delete("/v1/sessions/" + id);
        }
    }

    @Test
    void aCrashedPageIsRecycledWithItsStateAndTheJournalSaysWhy() throws Exception {
        String id = registry.post("/v1/sessions", "{\"profile\":\"default\"}").get("id").asText();
        SessionId session = SessionId.of(id);
        try (LifecycleEvents events = new LifecycleEvents(fixture.stack)) {
            registry.completed(id, Api.navigate(site.url("/state.html?v=crashy")));
            // Timed by the events' own clocks (same machine): this consumer may still be joining its group.
            Instant crashedAt = Instant.now();
            devTools.crashPage("v=crashy");

            PageCrashed crash = events.awaitEvent(PageCrashed.class, e -> e.sessionId().equals(session),
                    Duration.ofSeconds(30));
            long announcedMillis = Duration.between(crashedAt, crash.occurredAt()).toMillis();
            assertThat(crash.url()).contains("v=crashy");
            SessionHibernated recycled = events.awaitEvent(SessionHibernated.class,
                    e -> e.sessionId().equals(session), Duration.ofSeconds(30));
            assertThat(recycled.reason()).isEqualTo("page-crashed");
            SessionRestored restored = events.awaitEvent(SessionRestored.class, e -> e.sessionId().equals(session),
                    Duration.ofSeconds(30));
            long recycledMillis = Duration.between(crashedAt, restored.occurredAt()).toMillis();
            assertThat(registry
                    .completed(id, "{\"type\":\"evaluate\",\"expression\":\"() => [document.cookie, location.search,"
                            + " localStorage.getItem('dm_local')]\"}")
                    .get("result")).extracting(JsonNode::asText).containsExactly("dm_cookie=crashy", "?v=crashy",
                            "crashy");
            JsonNode history = registry.get("/v1/sessions/" + id + "/history?limit=1000").body();
            assertThat(history.findValuesAsText("reason")).contains("page-crashed");
            await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
                JsonNode metrics = registry.get("/v1/sessions/" + id + "/metrics").body();
                assertThat(metrics.get("recycleCount").asInt()).as(metrics.toString()).isEqualTo(1);
                assertThat(metrics.get("lastRecycleReason").asText()).isEqualTo("page-crashed");
                assertThat(metrics.get("sample").asText()).as("a sample of the new context").isEqualTo("LIVE");
                assertThat(metrics.get("memoryMb").asDouble()).isPositive();
                assertThat(metrics.get("pageCount").asInt()).isEqualTo(1);
            });
            LOG.log(System.Logger.Level.INFO, String.format("FIGURES crash-to-PageCrashed=%dms"
                    + " crash-to-restored=%dms (CDP Page.crash)", announcedMillis, recycledMillis));
        } finally {
            registry.delete("/v1/sessions/" + id);
        }
    }

    @Test
    void aLoggedOutSessionNeedsReauthOnScheduleAndOnResumeUntilItLogsInAgain() throws Exception {
        String profile = "bank-" + SessionId.random().value().substring(4);
        Api.Reply configured = registry.put("/v1/profiles/" + profile + "/health", "{\"memoryThresholdMb\": 512,"
                + " \"authProbe\": {\"requiredCookie\": \"sid\", \"loggedOutUrlPattern\": \"/login\","
                + " \"intervalSeconds\": 5}}");
        assertThat(configured.status()).as(configured.raw()).isEqualTo(200);
        String id = registry.post("/v1/sessions", "{\"profile\":\"" + profile + "\"}").get("id").asText();
        SessionId session = SessionId.of(id);
        try (LifecycleEvents events = new LifecycleEvents(fixture.stack)) {
            registry.completed(id, Api.navigate(site.url("/login?user=alice")));
            AuthProbed activated = events.awaitEvent(AuthProbed.class,
                    e -> e.sessionId().equals(session) && e.trigger().equals(AuthProbed.ACTIVATED),
                    Duration.ofSeconds(15));
            assertThat(activated.passed()).as(String.valueOf(activated)).isTrue();
            Api monitor = Api.monitor(fixture.stack);
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(
                    monitor.get("/v1/sessions/" + id + "/metrics").body().path("memoryThresholdMb").asInt())
                    .as("the profile's threshold reaches the monitor's samples").isEqualTo(512));

            // On schedule: the site ends the login, the open app notices and shows its login page.
            Instant loggedOut = Instant.now();
            site.logOut("alice");
            SessionNeedsReauth flagged = events.awaitEvent(SessionNeedsReauth.class,
                    e -> e.sessionId().equals(session) && e.occurredAt().isAfter(loggedOut), Duration.ofSeconds(20));
            long scheduledMillis = Duration.between(loggedOut, flagged.occurredAt()).toMillis();
            assertThat(flagged.failedCheck()).isEqualTo(AuthProbe.URL);
            awaitTag(id, true);

            // The agent logs in again: the next probe clears the tag.
            Instant loggedIn = Instant.now();
            registry.completed(id, Api.navigate(site.url("/login?user=alice")));
            SessionReauthenticated cleared = events.awaitEvent(SessionReauthenticated.class,
                    e -> e.sessionId().equals(session) && e.occurredAt().isAfter(loggedIn), Duration.ofSeconds(20));
            long clearedMillis = Duration.between(loggedIn, cleared.occurredAt()).toMillis();
            awaitTag(id, false);

            // On resume: the login ends while the session is hibernated; the probe after its restore finds out.
            Api.Reply hibernated = registry.post("/v1/sessions/" + id + "/hibernate", "");
            assertThat(hibernated.status()).as(hibernated.raw()).isEqualTo(200);
            site.logOut("alice");
            Instant resumed = Instant.now();
            Api.Reply resume = registry.post("/v1/sessions/" + id + "/resume", "");
            assertThat(resume.status()).as(resume.raw()).isEqualTo(200);
            AuthProbed onResume = events.awaitEvent(AuthProbed.class, e -> e.sessionId().equals(session)
                    && e.trigger().equals(AuthProbed.ACTIVATED) && e.occurredAt().isAfter(resumed),
                    Duration.ofSeconds(20));
            assertThat(onResume.passed()).as(String.valueOf(onResume)).isFalse();
            SessionNeedsReauth flaggedOnResume = events.awaitEvent(SessionNeedsReauth.class,
                    e -> e.sessionId().equals(session) && e.occurredAt().isAfter(resumed), Duration.ofSeconds(20));
            long resumeMillis = Duration.between(resumed, flaggedOnResume.occurredAt()).toMillis();
            awaitTag(id, true);
            JsonNode listed = registry.get("/v1/sessions?tags=" + SessionNeedsReauth.TAG + "&profile=" + profile)
                    .body();
            assertThat(listed.findValuesAsText("id")).containsExactly(id);
            LOG.log(System.Logger.Level.INFO, String.format("FIGURES logout-to-needs-reauth=%dms (probe every 5 s)"
                    + " relogin-to-cleared=%dms resume-to-needs-reauth=%dms", scheduledMillis, clearedMillis,
                    resumeMillis));
        } finally {
            registry.delete("/v1/sessions/" + id);
            registry.delete("/v1/profiles/" + profile + "/health");
        }
    }

    private void awaitTag(String id, boolean present) {
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
            JsonNode node = registry.get("/v1/sessions/" + id).get("tags");
            boolean tagged = false;
            for (JsonNode tag : node) {
                tagged |= SessionNeedsReauth.TAG.equals(tag.asText());
            }
            assertThat(tagged).as("tags " + node).isEqualTo(present);
        });
    }

    @Test
    void failedActionsInARowTagASessionUnhealthyUntilOneCompletes() throws Exception {
        String id = registry.post("/v1/sessions", "{\"profile\":\"default\"}").get("id").asText();
        registry.completed(id, Api.navigate(site.url("/plain.html")));
        for (int i = 0; i < 3; i++) {
            Api.Reply failed = registry.post("/v1/sessions/" + id + "/actions?timeoutMs=300",
                    "{\"type\":\"waitForSelector\",\"selector\":\"#missing\"}");
            assertThat(failed.get("status").asText()).as(failed.raw()).isEqualTo("failed");
        }
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(
                registry.get("/v1/sessions/" + id).get("tags")).extracting(JsonNode::asText)
                .contains(SessionUnhealthy.TAG));

        registry.completed(id, "{\"type\":\"url\"}");
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(
                registry.get("/v1/sessions/" + id).get("tags")).extracting(JsonNode::asText)
                .doesNotContain(SessionUnhealthy.TAG));
        registry.delete("/v1/sessions/" + id);
    }

}
