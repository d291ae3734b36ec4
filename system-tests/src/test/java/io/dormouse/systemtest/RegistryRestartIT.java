package io.dormouse.systemtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.dormouse.protocol.Action;
import io.dormouse.protocol.CommandId;
import io.dormouse.protocol.ProtocolJson;
import io.dormouse.protocol.RunAction;
import io.dormouse.protocol.SessionCommand;
import io.dormouse.protocol.SessionId;

/**
 * The registry is killed with SIGKILL while clients stream commands over Kafka, and restarted: every command ends
 * with exactly one effect (a per-session counter reaches the number of commands sent, no more, no less), none stays
 * pending, and every session is in a settled state.
 */
class RegistryRestartIT {
    private static final int SESSIONS = 4;
    private static final int COMMANDS_PER_SESSION = 24;

    private static StackFixture fixture;

    @BeforeAll
    static void start() throws Exception {
        fixture = StackFixture.open(1, Map.of());
    }

    @AfterAll
    static void stop() throws Exception {
        fixture.close();
    }

    @Test
    void aRegistryKilledMidStreamLosesNothingAndDoublesNothing() throws Exception {
        Api registry = fixture.registry;
        List<String> sessions = new ArrayList<>();
        for (int i = 0; i < SESSIONS; i++) {
            String id = registry.post("/v1/sessions", "{\"profile\":\"default\",\"tags\":[\"restart\"]}")
                    .get("id").asText();
            assertThat(registry.act(id, "{\"type\":\"navigate\",\"url\":\"" + fixture.site.url("/plain.html")
                    + "\"}").get("status").asText()).isEqualTo("completed");
            sessions.add(id);
        }
        List<CommandId> sent = new ArrayList<>();
        try (KafkaProducer<String, String> producer = fixture.stack.producer()) {
            for (int i = 0; i < COMMANDS_PER_SESSION; i++) {
                if (i == COMMANDS_PER_SESSION / 3) {
                    producer.flush();
                    fixture.stack.registry().kill();
                }
                if (i == 2 * COMMANDS_PER_SESSION / 3) {
                    producer.flush();
                    fixture.stack.registry().start().awaitReady(Duration.ofSeconds(120));
                }
                for (String id : sessions) {
                    CommandId commandId = CommandId.random();
                    RunAction increment = new RunAction(commandId, SessionId.of(id), null, new Action.Evaluate(
                            "() => { const n = Number(localStorage.getItem('count') || 0) + 1;"
                                    + " localStorage.setItem('count', String(n)); return n; }",
                            null), null, null, 60_000);
                    producer.send(new ProducerRecord<>(fixture.stack.topic("tenant.default.commands"), id,
                            ProtocolJson.encode((SessionCommand) increment)));
                    sent.add(commandId);
                }
            }
            producer.flush();
        }

        await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> {
            for (CommandId commandId : sent) {
                assertThat(registry.get("/v1/commands/" + commandId.value()).get("status").asText())
                        .as(commandId.value()).isEqualTo("COMPLETED");
            }
        });
        for (String id : sessions) {
            Api.Reply count = registry.act(id,
                    "{\"type\":\"evaluate\",\"expression\":\"() => Number(localStorage.getItem('count'))\"}");
            assertThat(count.get("result").asInt()).as(id).isEqualTo(COMMANDS_PER_SESSION);
            assertThat(registry.get("/v1/sessions/" + id).get("state").asText()).isIn("ACTIVE", "HIBERNATED");
        }
    }

}
