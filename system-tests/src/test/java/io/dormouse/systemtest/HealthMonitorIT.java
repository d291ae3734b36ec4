package io.dormouse.systemtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import com.fasterxml.jackson.databind.JsonNode;

import io.dormouse.protocol.SessionHibernated;
import io.dormouse.protocol.SessionId;
import io.dormouse.protocol.SessionRestored;
import io.dormouse.protocol.SessionUnhealthy;

/**
 * The health-monitor's rules on a stack of its own with real Chromium: a leaking page is recycled with its state
 * intact until the storm guard stops it, and failed actions in a row tag a session unhealthy until one completes.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HealthMonitorIT {
    private static final System.Logger LOG = System.getLogger(HealthMonitorIT.class.getName());

    private StackFixture fixture;
    private Api registry;
    private TestSite site;

    @BeforeAll
    void start() throws Exception {
        fixture = StackFixture.open(1, Map.of("MEMORY_THRESHOLD_MB", "48", "MAX_RECYCLES_PER_WINDOW", "2",
                "RECYCLE_BACKOFF", "3s", "UNHEALTHY_AFTER_FAILURES", "3", "DORMOUSE_WORKER_METRICS_INTERVAL", "1s"));
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
            long leakFrom = System.nanoTime();
            registry.completed(id, Api.navigate(site.url("/leak.html")));

            SessionHibernated recycled = events.awaitEvent(SessionHibernated.class,
                    e -> e.sessionId().equals(session), Duration.ofSeconds(30));
            long detectedMillis = (System.nanoTime() - leakFrom) / 1_000_000;
            assertThat(recycled.reason()).isEqualTo("memory");
            events.awaitEvent(SessionRestored.class, e -> e.sessionId().equals(session), Duration.ofSeconds(30));
            assertThat(registry
                    .completed(id,
                            "{\"type\":\"evaluate\",\"expression\":\"() => [document.cookie, location.pathname]\"}")
                    .get("result")).extracting(JsonNode::asText).containsExactly("dm_cookie=leaky", "/leak.html");

            // The restored page leaks again: one more recycle after the backoff, then the guard stops it.
            SessionUnhealthy storm = events.awaitEvent(SessionUnhealthy.class, e -> e.sessionId().equals(session),
                    Duration.ofSeconds(60));
            long stormMillis = (System.nanoTime() - leakFrom) / 1_000_000;
            assertThat(storm.reason()).isEqualTo(SessionUnhealthy.RECYCLE_STORM);
            await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(
                    registry.get("/v1/sessions/" + id).get("tags")).extracting(JsonNode::asText)
                    .contains(SessionUnhealthy.TAG));
            JsonNode history = registry.get("/v1/sessions/" + id + "/history?limit=1000").body();
            assertThat(history.findValuesAsText("reason").stream().filter("memory"::equals).count())
                    .as("recycles in the journal").isGreaterThanOrEqualTo(2);
            JsonNode overview = new Api(fixture.stack.monitor().baseUrl()).get("/v1/health/overview").body();
            assertThat(overview.get("workersAlive").asInt()).isEqualTo(1);
            assertThat(overview.get("recentRecycles").findValuesAsText("reason")).contains("memory");
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
