package io.dormouse.systemtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import com.fasterxml.jackson.databind.JsonNode;
import com.microsoft.playwright.Browser;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.PlaywrightException;

import io.dormouse.protocol.Action;
import io.dormouse.protocol.CommandId;
import io.dormouse.protocol.ProtocolJson;
import io.dormouse.protocol.RunAction;
import io.dormouse.protocol.SessionCommand;
import io.dormouse.protocol.SessionId;

/**
 * Two worker processes: commands of one session stay in order while sessions run side by side, a long wait in one
 * session does not hold up another on the same worker, navigation policy and session proxies apply, and a worker
 * killed with SIGKILL loses no session: each comes back on the survivor from its last checkpoint.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WorkerFailoverIT {
    private static final System.Logger LOG = System.getLogger(WorkerFailoverIT.class.getName());
    private static final String READ_STATE = """
            {"type":"evaluate","expression":"() => [document.cookie, localStorage.getItem('dm_local'),\
             sessionStorage.getItem('dm_session'), location.href]"}""";
    private static final String URL_ACTION = "{\"type\":\"url\"}";
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static StackFixture fixture;

    @BeforeAll
    static void start() throws Exception {
        fixture = StackFixture.open(2, Map.of());
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            for (ServiceProcess worker : fixture.stack.workers()) {
                JsonNode health = new Api(worker.baseUrl()).get("/q/health/ready").body();
                assertThat(health.findValue("ownedPartitions").asInt()).as(worker.name).isPositive();
            }
        });
    }

    @AfterAll
    static void stop() throws Exception {
        fixture.close();
    }

    @Test
    @Order(1)
    void commandsOfASessionRunInTheOrderTheyWereSent() throws Exception {
        List<String> sessions = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            String id = createSession("order");
            assertThat(fixture.registry.act(id, Api.navigate(fixture.site.url("/plain.html"))).get("status").asText())
                    .isEqualTo("completed");
            sessions.add(id);
        }
        int perSession = 15;
        List<CommandId> last = new ArrayList<>();
        try (KafkaProducer<String, String> producer = fixture.stack.producer()) {
            for (int i = 0; i < perSession; i++) {
                for (String id : sessions) {
                    // Sent interleaved; a worker runs the three sessions side by side, each strictly in order.
                    CommandId commandId = CommandId.random();
                    RunAction append = new RunAction(commandId, SessionId.of(id), null, new Action.Evaluate(
                            "(i) => { const seen = JSON.parse(localStorage.getItem('order') || '[]'); seen.push(i);"
                                    + " localStorage.setItem('order', JSON.stringify(seen)); return seen.length; }",
                            ProtocolJson.mapper().valueToTree(i)), null, null, 20_000);
                    producer.send(new ProducerRecord<>(fixture.stack.topic("tenant.default.commands"), id,
                            ProtocolJson.encode((SessionCommand) append)));
                    if (i == perSession - 1) {
                        last.add(commandId);
                    }
                }
            }
            producer.flush();
        }
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            for (CommandId commandId : last) {
                assertThat(fixture.registry.get("/v1/commands/" + commandId.value()).get("status").asText())
                        .isEqualTo("COMPLETED");
            }
        });
        List<Integer> expected = new ArrayList<>();
        for (int i = 0; i < perSession; i++) {
            expected.add(i);
        }
        for (String id : sessions) {
            Api.Reply order = fixture.registry.act(id,
                    "{\"type\":\"evaluate\",\"expression\":\"() => JSON.parse(localStorage.getItem('order'))\"}");
            List<Integer> seen = new ArrayList<>();
            order.get("result").forEach(value -> seen.add(value.asInt()));
            assertThat(seen).as(id).isEqualTo(expected);
        }
    }

    @Test
    @Order(2)
    void aLongWaitInOneSessionDoesNotHoldUpAnotherOnTheSameWorker() throws Exception {
        Map<String, List<String>> sessionsByWorker = new LinkedHashMap<>();
        String waiting = null;
        String busy = null;
        while (busy == null) {
            String id = createSession("fairness");
            Api.Reply navigated = fixture.registry.act(id, Api.navigate(fixture.site.url("/plain.html")));
            List<String> onWorker = sessionsByWorker.computeIfAbsent(navigated.get("workerId").asText(),
                    key -> new ArrayList<>());
            onWorker.add(id);
            if (onWorker.size() == 2) {
                waiting = onWorker.get(0);
                busy = onWorker.get(1);
            }
        }
        List<long[]> alone = timeUrlActions(busy, 25);
        CompletableFuture<HttpResponse<String>> longWait = HTTP.sendAsync(Api.authorized(URI.create(
                fixture.stack.registry().baseUrl() + "/v1/sessions/" + waiting + "/actions?timeoutMs=10000"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(
                        "{\"type\":\"waitForSelector\",\"selector\":\"#never-appears\"}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        Thread.sleep(500);
        List<long[]> during = timeUrlActions(busy, 25);
        assertThat(longWait).as("the 10 s wait is still running").isNotDone();

        long p99AloneWorker = percentile(alone, 1, 99);
        long p99DuringWorker = percentile(during, 1, 99);
        LOG.log(System.Logger.Level.INFO, String.format("FIGURES head-of-line: url action beside a 10 s"
                + " waitForSelector on the same worker: end-to-end p50/p99 %d/%d ms (alone %d/%d ms); worker-side"
                + " (queued+run) p99 %d ms (alone %d ms), +%d ms", percentile(during, 0, 50),
                percentile(during, 0, 99), percentile(alone, 0, 50), percentile(alone, 0, 99), p99DuringWorker,
                p99AloneWorker, p99DuringWorker - p99AloneWorker));
        // A worker held by the wait would keep these actions for most of its 10 s: the median would be seconds and
        // the slowest near 10 s. A loaded machine stalls single actions by a few seconds (3.3 s seen, 1.5 s alone).
        assertThat(percentile(during, 0, 50)).as("median action beside the long wait, ms").isLessThan(1_000);
        assertThat(percentile(during, 0, 100)).as("slowest action beside the long wait, ms").isLessThan(7_000);

        JsonNode waited = ProtocolJson.mapper().readTree(longWait.get().body());
        assertThat(waited.path("error").path("code").asText()).as(waited.toString()).isEqualTo("selector-not-found");
    }

    @Test
    @Order(3)
    void blockedDestinationsFailWithPolicyDeniedAndSessionProxiesCarryTraffic() throws Exception {
        String id = createSession("policy");
        Api.Reply metadata = fixture.registry.act(id, Api.navigate("http://169.254.169.254/latest/meta-data/"));
        assertThat(metadata.get("status").asText()).as(metadata.raw()).isEqualTo("failed");
        assertThat(metadata.get("error").get("code").asText()).isEqualTo("policy-denied");
        Api.Reply file = fixture.registry.act(id, Api.navigate("file:///etc/passwd"));
        assertThat(file.get("error").get("code").asText()).as(file.raw()).isEqualTo("policy-denied");

        try (CountingProxy proxy = new CountingProxy()) {
            String proxied = fixture.registry.post("/v1/sessions", "{\"profile\":\"default\",\"proxy\":{\"server\":"
                    + "\"http://127.0.0.1:" + proxy.port() + "\",\"username\":\"u\",\"password\":\"p\"}}")
                    .get("id").asText();
            Api.Reply page = fixture.registry.act(proxied, Api.navigate(fixture.site.url("/plain.html")));
            assertThat(page.get("result").get("title").asText()).as(page.raw()).isEqualTo("via the session proxy");
            assertThat(proxy.requests.get()).isPositive();
        }
    }

    @Test
    @Order(4)
    void sigkillOnAWorkerBringsItsSessionsBackOnTheOtherFromTheirLastCheckpoint() throws Exception {
        Map<String, String> markerBySession = new LinkedHashMap<>();
        Map<String, String> workerBySession = new LinkedHashMap<>();
        for (int i = 0; i < 6; i++) {
            String id = createSession("failover");
            String marker = "k" + i + "x" + System.nanoTime();
            Api.Reply navigated = fixture.registry.act(id, Api.navigate(fixture.site.url("/state.html?v=" + marker)));
            assertThat(navigated.get("status").asText()).as(navigated.raw()).isEqualTo("completed");
            markerBySession.put(id, marker);
            workerBySession.put(id, navigated.get("workerId").asText());
        }
        String victimId = workerBySession.values().iterator().next();
        int victimIndex = victimId.startsWith("worker-1-") ? 0 : 1;
        ServiceProcess victim = fixture.stack.workers().get(victimIndex);
        String survivorId = (victimIndex == 0 ? "worker-2-" : "worker-1-") + fixture.stack.runId;
        List<String> lost = workerBySession.entrySet().stream().filter(e -> e.getValue().equals(victimId))
                .map(Map.Entry::getKey).toList();

        // A CDP client on one of them writes through the gateway; its change is checkpointed like an action's.
        String cdpSession = lost.get(lost.size() - 1);
        String cdpUrl = fixture.registry.post("/v1/sessions/" + cdpSession + "/connect", "").get("cdpUrl").asText();
        String cdpMarker = "cdp" + System.nanoTime();
        Playwright playwright = Playwright.create(new Playwright.CreateOptions()
                .setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
        Browser cdp = playwright.chromium().connectOverCDP(cdpUrl);
        Page cdpPage = cdp.contexts().get(0).pages().get(0);
        cdpPage.evaluate("marker => localStorage.setItem('dm_cdp', marker)", cdpMarker);

        // Checkpoints follow state-changing actions within seconds; wait until the store holds each marker.
        Api store = Api.store(fixture.stack);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(
                store.get("/v1/snapshots/" + cdpSession).raw()).contains(cdpMarker));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            for (String id : lost) {
                assertThat(store.get("/v1/snapshots/" + id).raw()).as(id).contains(markerBySession.get(id));
            }
        });

        String inFlight = CommandId.random().value();
        CompletableFuture<HttpResponse<String>> interrupted = HTTP.sendAsync(Api.authorized(URI.create(
                fixture.stack.registry().baseUrl() + "/v1/sessions/" + lost.get(0) + "/actions?timeoutMs=60000"))
                .header("Content-Type", "application/json").header("Dormouse-Command-Id", inFlight)
                .POST(HttpRequest.BodyPublishers.ofString("{\"type\":\"evaluate\",\"expression\":"
                        + "\"async () => { await new Promise(r => setTimeout(r, 3000)); return 'slow'; }\"}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        Thread.sleep(1_000);
        long killedAt = System.nanoTime();
        victim.kill();

        long firstServedMillis = -1;
        for (String id : lost) {
            Api.Reply reply = fixture.registry.act(id, READ_STATE);
            if (firstServedMillis < 0) {
                firstServedMillis = (System.nanoTime() - killedAt) / 1_000_000;
            }
            assertThat(reply.get("status").asText()).as(reply.raw()).isEqualTo("completed");
            assertThat(reply.get("workerId").asText()).isEqualTo(survivorId);
            String marker = markerBySession.get(id);
            assertThat(reply.get("result").get(0).asText()).isEqualTo("dm_cookie=" + marker);
            assertThat(reply.get("result").get(1).asText()).isEqualTo(marker);
            assertThat(reply.get("result").get(2).asText()).isEqualTo(marker);
            assertThat(reply.get("result").get(3).asText()).isEqualTo(fixture.site.url("/state.html?v=" + marker));
        }
        // The CDP client lost its socket with the worker; the same URL lands on the survivor, with the checkpoint.
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            try {
                cdpPage.evaluate("1");
                return false;
            } catch (PlaywrightException closed) {
                return true;
            }
        });
        long reconnectStart = System.nanoTime();
        Browser again = playwright.chromium().connectOverCDP(cdpUrl);
        long reconnectMillis = (System.nanoTime() - reconnectStart) / 1_000_000;
        Page restored = again.contexts().get(0).pages().get(0);
        assertThat(restored.evaluate("() => localStorage.getItem('dm_cdp')")).isEqualTo(cdpMarker);
        assertThat(fixture.registry.get("/v1/sessions/" + cdpSession).get("workerId").asText()).isEqualTo(survivorId);
        again.close();
        playwright.close();
        LOG.log(System.Logger.Level.INFO, String.format("FIGURES failover: CDP client reconnected with the same URL"
                + " in %d ms and found its checkpointed localStorage", reconnectMillis));

        // The command that was running when the worker died is replayed by the survivor, not dropped.
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(
                fixture.registry.get("/v1/commands/" + inFlight).get("status").asText()).isIn("COMPLETED", "FAILED"));
        LOG.log(System.Logger.Level.INFO, String.format("FIGURES failover: SIGKILL of a worker holding %d of %d"
                + " sessions; first session served again after %d ms; in-flight command ended %s", lost.size(),
                markerBySession.size(), firstServedMillis,
                fixture.registry.get("/v1/commands/" + inFlight).get("status").asText()));
        assertThat(firstServedMillis).as("ms from SIGKILL until a lost session is served again").isLessThan(20_000);
        interrupted.cancel(true);
    }

    private static String createSession(String tag) throws IOException, InterruptedException {
        Api.Reply created = fixture.registry.post("/v1/sessions",
                "{\"profile\":\"default\",\"tags\":[\"" + tag + "\"]}");
        assertThat(created.status()).as(created.raw()).isEqualTo(201);
        return created.get("id").asText();
    }

    /** Per action: end-to-end milliseconds and worker-side (queued + activation + execution) milliseconds. */
    private static List<long[]> timeUrlActions(String id, int count) throws IOException, InterruptedException {
        List<long[]> timings = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            long start = System.nanoTime();
            Api.Reply reply = fixture.registry.act(id, URL_ACTION);
            long endToEnd = (System.nanoTime() - start) / 1_000_000;
            assertThat(reply.get("status").asText()).as(reply.raw()).isEqualTo("completed");
            JsonNode t = reply.get("timings");
            timings.add(new long[]{endToEnd, t.path("queuedMillis").asLong() + t.path("activationMillis").asLong()
                    + t.path("executionMillis").asLong()});
        }
        return timings;
    }

    private static long percentile(List<long[]> values, int column, int percentile) {
        List<Long> sorted = values.stream().map(v -> v[column]).sorted().toList();
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(percentile / 100.0 * sorted.size()) - 1));
    }

    /** An HTTP proxy on 127.0.0.1 that answers every request itself and counts them. */
    private static final class CountingProxy implements AutoCloseable {
        final AtomicInteger requests = new AtomicInteger();
        private final ServerSocket server;

        CountingProxy() throws IOException {
            server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            Thread.ofVirtual().start(() -> {
                while (!server.isClosed()) {
                    try (Socket client = server.accept()) {
                        InputStream in = client.getInputStream();
                        int lastFour = 0;
                        while (lastFour != 0x0D0A0D0A) {
                            int b = in.read();
                            if (b < 0) {
                                break;
                            }
                            lastFour = (lastFour << 8) | b;
                        }
                        requests.incrementAndGet();
                        byte[] body = "<title>via the session proxy</title>".getBytes(StandardCharsets.UTF_8);
                        OutputStream out = client.getOutputStream();
                        out.write(("HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: " + body.length
                                + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
                        out.write(body);
                    } catch (IOException e) {
                        if (!server.isClosed()) {
                            LOG.log(System.Logger.Level.WARNING, "counting proxy connection failed", e);
                        }
                    }
                }
            });
        }

        int port() {
            return server.getLocalPort();
        }

        @Override
        public void close() throws IOException {
            server.close();
        }
    }
}
