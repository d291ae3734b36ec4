package io.dormouse.systemtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Two workers share the action partitions. SIGTERM on one hands its sessions to the other: the stopping worker
 * checkpoints every context before leaving the consumer group, and the survivor rehydrates each session on its next
 * command with its cookie, both storages and URL.
 */
class WorkerHandoffIT {
    private static final System.Logger LOG = System.getLogger(WorkerHandoffIT.class.getName());
    private static final int SESSIONS = 8;
    private static final String READ_STATE = """
            {"type":"evaluate","expression":"() => [document.cookie, localStorage.getItem('dm_local'),\
             sessionStorage.getItem('dm_session'), location.href]"}""";

    private static StackFixture fixture;

    @BeforeAll
    static void start() throws Exception {
        fixture = StackFixture.open(2, Map.of());
    }

    @AfterAll
    static void stop() throws Exception {
        fixture.close();
    }

    @Test
    void sigtermOnAWorkerHandsItsSessionsToTheOtherWithNothingLost() throws Exception {
        DormouseStack stack = fixture.stack;
        TestSite site = fixture.site;
        Api registry = fixture.registry;
        // Ready is not the same as assigned: wait until the group has spread the partitions over both workers.
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            for (ServiceProcess worker : stack.workers()) {
                JsonNode health = new Api(worker.baseUrl()).get("/q/health/ready").body();
                assertThat(health.findValue("ownedPartitions").asInt()).as(worker.name).isPositive();
            }
        });
        Map<String, String> markerBySession = new LinkedHashMap<>();
        Map<String, String> workerBySession = new LinkedHashMap<>();
        for (int i = 0; i < SESSIONS; i++) {
            String id = registry.post("/v1/sessions", "{\"profile\":\"default\",\"tags\":[\"handoff\"]}")
                    .get("id").asText();
            String marker = "h" + i + "x" + System.nanoTime();
            Api.Reply navigated = registry.act(id, Api.navigate(site.url("/state.html?v=" + marker)));
            assertThat(navigated.get("status").asText()).as(navigated.raw()).isEqualTo("completed");
            markerBySession.put(id, marker);
            workerBySession.put(id, navigated.get("workerId").asText());
        }
        assertThat(workerBySession.values()).as("32 partitions over 2 workers: both own sessions").hasSize(SESSIONS)
                .containsAll(List.of("worker-1-" + stack.runId, "worker-2-" + stack.runId));

        ServiceProcess leaving = stack.workers().get(0);
        String leavingId = "worker-1-" + stack.runId;
        String survivorId = "worker-2-" + stack.runId;
        List<String> handedOver = new ArrayList<>();
        workerBySession.forEach((id, worker) -> {
            if (worker.equals(leavingId)) {
                handedOver.add(id);
            }
        });
        long stopStart = System.nanoTime();
        leaving.stop();
        long drainMillis = (System.nanoTime() - stopStart) / 1_000_000;
        // The drain's SessionHibernated events reach the registry through the events topic.
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            for (String id : handedOver) {
                assertThat(registry.get("/v1/sessions/" + id).get("state").asText()).as(id).isEqualTo("HIBERNATED");
            }
        });

        // Handed-over sessions first, so the figure is the time until the survivor serves one of them.
        List<String> order = new ArrayList<>(handedOver);
        markerBySession.keySet().stream().filter(id -> !handedOver.contains(id)).forEach(order::add);
        long firstServed = 0;
        long handoffStart = System.nanoTime();
        for (String id : order) {
            Api.Reply reply = registry.act(id, READ_STATE);
            if (firstServed == 0) {
                firstServed = (System.nanoTime() - handoffStart) / 1_000_000;
            }
            assertThat(reply.get("status").asText()).as(reply.raw()).isEqualTo("completed");
            assertThat(reply.get("workerId").asText()).isEqualTo(survivorId);
            JsonNode state = reply.get("result");
            String marker = markerBySession.get(id);
            assertThat(state.get(0).asText()).isEqualTo("dm_cookie=" + marker);
            assertThat(state.get(1).asText()).isEqualTo(marker);
            assertThat(state.get(2).asText()).isEqualTo(marker);
            assertThat(state.get(3).asText()).isEqualTo(site.url("/state.html?v=" + marker));
        }
        LOG.log(System.Logger.Level.INFO, String.format("FIGURES handoff: %d of %d sessions on the stopped worker,"
                + " SIGTERM-to-exit=%dms, first-handed-over-session-served-after=%dms", handedOver.size(), SESSIONS,
                drainMillis,
                firstServed));
    }

}
