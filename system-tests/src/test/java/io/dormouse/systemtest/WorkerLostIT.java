package io.dormouse.systemtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import io.dormouse.protocol.WorkerId;
import io.dormouse.protocol.WorkerLost;

/**
 * A worker whose heartbeats stop (its JVM is frozen with SIGSTOP) is announced as {@code WorkerLost}; the sessions it
 * held are reported recovering until the other worker serves them.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WorkerLostIT {
    private static final System.Logger LOG = System.getLogger(WorkerLostIT.class.getName());

    private StackFixture fixture;

    @BeforeAll
    void start() throws Exception {
        fixture = StackFixture.open(2, Map.of());
    }

    @AfterAll
    void stop() throws Exception {
        fixture.close();
    }

    @Test
    void aFrozenWorkerIsLostAndItsSessionsRecoverElsewhere() throws Exception {
        Api registry = fixture.registry;
        String id = registry.post("/v1/sessions", "{\"profile\":\"default\"}").get("id").asText();
        Api.Reply first = registry.act(id, "{\"type\":\"navigate\",\"url\":\"" + fixture.site.url("/state.html?v=lost")
                + "\"}");
        assertThat(first.get("status").asText()).as(first.raw()).isEqualTo("completed");
        String victimId = first.get("workerId").asText();
        ServiceProcess victim = fixture.stack.workers().get(victimId.startsWith("worker-1-") ? 0 : 1);
        // Its checkpoint is what the survivor restores.
        await().atMost(Duration.ofSeconds(20)).until(() -> Api.store(fixture.stack)
                .get("/v1/snapshots/" + id).raw().contains("lost"));

        try (LifecycleEvents events = new LifecycleEvents(fixture.stack)) {
            victim.signal("STOP");
            long frozenAt = System.nanoTime();
            try {
                events.awaitEvent(WorkerLost.class, e -> e.workerId().equals(WorkerId.of(victimId)),
                        Duration.ofSeconds(30));
                long detectedMillis = (System.nanoTime() - frozenAt) / 1_000_000;
                await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(
                        registry.get("/v1/sessions/" + id).get("recoveringSince").isTextual()).isTrue());

                Api.Reply served = registry.post("/v1/sessions/" + id + "/actions?timeoutMs=60000",
                        "{\"type\":\"evaluate\",\"expression\":\"() => document.cookie\"}");
                long recoveredMillis = (System.nanoTime() - frozenAt) / 1_000_000;
                assertThat(served.get("status").asText()).as(served.raw()).isEqualTo("completed");
                assertThat(served.get("workerId").asText()).isNotEqualTo(victimId);
                assertThat(served.get("result").asText()).isEqualTo("dm_cookie=lost");
                await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(
                        registry.get("/v1/sessions/" + id).get("recoveringSince").isTextual()).isFalse());
                LOG.log(System.Logger.Level.INFO, String.format("FIGURES worker-frozen-to-WorkerLost=%dms "
                        + "frozen-to-served-elsewhere=%dms (heartbeat every 1 s, lost after 3 missed)",
                        detectedMillis, recoveredMillis));
            } finally {
                victim.signal("CONT");
            }
        }
    }
}
