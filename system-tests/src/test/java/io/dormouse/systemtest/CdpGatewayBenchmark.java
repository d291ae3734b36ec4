package io.dormouse.systemtest;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Playwright;

/**
 * The CDP gateway against a plain Chromium's own DevTools endpoint, both measured in the same run: connecting
 * (Playwright's {@code connectOverCDP} plus a new page) to an active and to a hibernated session, also against a plain
 * Chromium whose context, like a session's, belongs to another Playwright that sets up every new page too, and the
 * round trip of {@code Runtime.evaluate} through the gateway's two hops. Not part of {@code ./dormouse test}; {@code ./dormouse
 * bench} runs it.
 */
class CdpGatewayBenchmark {
    private static final System.Logger LOG = System.getLogger(CdpGatewayBenchmark.class.getName());
    private static final int WARMUP = 3;
    private static final int ROUNDS = Integer.getInteger("bench.rounds", 20);
    private static final int EVALUATIONS = Integer.getInteger("bench.cdp-evaluations", 300);

    private static StackFixture fixture;
    private static Playwright playwright;
    private static Process plainChromium;
    private static Path plainProfile;
    private static String plainHttp;
    /** A Chromium launched by a Playwright of its own, as the worker launches its browser. */
    private static Playwright owner;
    private static String watchedHttp;

    @BeforeAll
    static void start() throws Exception {
        fixture = StackFixture.open(1, Map.of());
        playwright = Playwright.create(new Playwright.CreateOptions()
                .setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
        int port = DormouseStack.freePort();
        plainProfile = Files.createTempDirectory("dormouse-bench-chromium");
        List<String> command = new ArrayList<>(List.of(PlainPlaywright.CHROMIUM.toString(), "--headless"));
        command.addAll(PlainPlaywright.FLAGS);
        command.addAll(List.of("--remote-debugging-port=" + port, "--user-data-dir=" + plainProfile, "about:blank"));
        plainChromium = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        plainHttp = "http://127.0.0.1:" + port;
        awaitDevTools(plainHttp);
        int watchedPort = DormouseStack.freePort();
        owner = Playwright.create(new Playwright.CreateOptions()
                .setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
        // A persistent context is the browser's default one, which a later connectOverCDP shows as contexts()[0].
        List<String> flags = new ArrayList<>(PlainPlaywright.FLAGS);
        flags.add("--remote-debugging-port=" + watchedPort);
        BrowserContext watched = owner.chromium().launchPersistentContext(
                Files.createTempDirectory("dormouse-bench-watched"), new BrowserType.LaunchPersistentContextOptions()
                        .setExecutablePath(PlainPlaywright.CHROMIUM).setArgs(flags));
        watched.pages().get(0).navigate(fixture.site.url("/state.html?v=watched"));
        watchedHttp = "http://127.0.0.1:" + watchedPort;
        awaitDevTools(watchedHttp);
    }

    private static void awaitDevTools(String http) throws Exception {
        HttpClient client = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (true) {
            try {
                client.send(HttpRequest.newBuilder(URI.create(http + "/json/version")).build(),
                        HttpResponse.BodyHandlers.ofString());
                return;
            } catch (java.io.IOException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(100);
            }
        }
    }

    @AfterAll
    static void stop() throws Exception {
        if (plainChromium != null) {
            plainChromium.destroyForcibly().waitFor();
        }
        if (playwright != null) {
            playwright.close();
        }
        if (owner != null) {
            owner.close();
        }
        fixture.close();
    }

    @Test
    void gatewayAgainstPlainChromium() throws Exception {
        Api registry = fixture.registry;
        TestSite site = fixture.site;
        String id = registry.post("/v1/sessions", "{\"profile\":\"bench\"}").get("id").asText();
        registry.completed(id, Api.navigate(site.url("/state.html?v=bench")));
        String cdpUrl = registry.post("/v1/sessions/" + id + "/connect", "").get("cdpUrl").asText();

        List<Long> plainConnect = new ArrayList<>();
        List<Long> watchedConnect = new ArrayList<>();
        List<Long> activeConnect = new ArrayList<>();
        for (int round = 0; round < WARMUP + ROUNDS; round++) {
            boolean measured = round >= WARMUP;
            long start = System.nanoTime();
            Browser plain = playwright.chromium().connectOverCDP(plainHttp);
            plain.contexts().get(0).newPage().close();
            Stats.record(measured, plainConnect, start);
            plain.close();

            // The session's situation without the gateway: its context belongs to another Playwright, whose driver
            // also sets up (and holds paused until then) every page the client opens there.
            start = System.nanoTime();
            Browser beside = playwright.chromium().connectOverCDP(watchedHttp);
            beside.contexts().get(0).newPage().close();
            Stats.record(measured, watchedConnect, start);
            beside.close();

            start = System.nanoTime();
            Browser gateway = playwright.chromium().connectOverCDP(cdpUrl);
            gateway.contexts().get(0).newPage().close();
            Stats.record(measured, activeConnect, start);
            gateway.close();
        }

        List<Long> resume = new ArrayList<>();
        List<Long> hibernatedConnect = new ArrayList<>();
        List<Long> rawHibernatedConnect = new ArrayList<>();
        for (int round = 0; round < WARMUP + ROUNDS; round++) {
            boolean measured = round >= WARMUP;
            assertThat(registry.post("/v1/sessions/" + id + "/hibernate", "").status()).isEqualTo(200);
            Thread.sleep(1_000);
            long start = System.nanoTime();
            assertThat(registry.post("/v1/sessions/" + id + "/resume", "").status()).isEqualTo(200);
            Stats.record(measured, resume, start);

            assertThat(registry.post("/v1/sessions/" + id + "/hibernate", "").status()).isEqualTo(200);
            Thread.sleep(1_000);
            start = System.nanoTime();
            try (CdpSocket raw = CdpSocket.open(cdpUrl)) {
                assertThat(raw.call("Browser.getVersion", null).has("result")).isTrue();
                Stats.record(measured, rawHibernatedConnect, start);
            }

            assertThat(registry.post("/v1/sessions/" + id + "/hibernate", "").status()).isEqualTo(200);
            Thread.sleep(1_000);
            start = System.nanoTime();
            Browser woken = playwright.chromium().connectOverCDP(cdpUrl);
            assertThat(woken.contexts().get(0).pages()).isNotEmpty();
            Stats.record(measured, hibernatedConnect, start);
            woken.close();
        }

        List<Long> plainEvaluate = evaluations(plainBrowserUrl());
        List<Long> gatewayEvaluate = evaluations(cdpUrl);

        LOG.log(System.Logger.Level.INFO, String.join("\n", "",
                "BENCHMARK CDP gateway, " + ROUNDS + " rounds after " + WARMUP + " warm-up, " + EVALUATIONS
                        + " evaluations",
                Stats.line("plain Chromium: connectOverCDP + newPage", plainConnect),
                Stats.line("plain Chromium, a context another Playwright holds: connectOverCDP + newPage",
                        watchedConnect),
                Stats.line("gateway, active session: connectOverCDP + newPage", activeConnect),
                Stats.line("resume over HTTP (our resume)", resume),
                Stats.line("gateway, hibernated session: socket open + Browser.getVersion", rawHibernatedConnect),
                Stats.line("gateway, hibernated session: connectOverCDP (wakes it)", hibernatedConnect),
                Stats.line("plain Chromium: Runtime.evaluate round trip", plainEvaluate),
                Stats.line("gateway: Runtime.evaluate round trip", gatewayEvaluate),
                String.format("connect to an active session / plain connect at p50: %.2fx (goal <= 1.2x); against"
                        + " a context another Playwright holds: %.2fx",
                        (double) Stats.percentile(activeConnect, 50) / Math.max(1, Stats.percentile(plainConnect,
                                50)),
                        (double) Stats.percentile(activeConnect, 50) / Math.max(1, Stats.percentile(watchedConnect,
                                50))),
                String.format("connect to a hibernated session - resume at p50: raw CDP %+.1f ms, Playwright"
                        + " connectOverCDP %+.1f ms (goal <= +50 ms)",
                        (Stats.percentile(rawHibernatedConnect, 50)
                                - Stats.percentile(resume, 50)) / 1000.0,
                        (Stats.percentile(hibernatedConnect, 50)
                                - Stats.percentile(resume, 50)) / 1000.0),
                String.format("relay overhead of Runtime.evaluate at p50: %+.2f ms (goal <= +2 ms), p99 %+.2f ms",
                        (Stats.percentile(gatewayEvaluate, 50) - Stats.percentile(plainEvaluate, 50)) / 1000.0,
                        (Stats.percentile(gatewayEvaluate, 99) - Stats.percentile(plainEvaluate, 99)) / 1000.0)));
        registry.delete("/v1/sessions/" + id);
    }

    /** Round trips of {@code Runtime.evaluate("1")} on the first page, over a raw CDP socket. */
    private static List<Long> evaluations(String browserUrl) throws Exception {
        List<Long> samples = new ArrayList<>();
        try (CdpSocket socket = CdpSocket.open(browserUrl)) {
            JsonNode targets = socket.call("Target.getTargets", null).path("result").path("targetInfos");
            String target = StreamSupport.stream(targets.spliterator(), false)
                    .filter(info -> info.path("type").asText().equals("page")).findFirst().orElseThrow()
                    .path("targetId").asText();
            String session = socket.call("Target.attachToTarget", CdpSocket.params().put("targetId", target)
                    .put("flatten", true)).path("result").path("sessionId").asText();
            for (int i = 0; i < EVALUATIONS + 20; i++) {
                long start = System.nanoTime();
                JsonNode reply = socket.call(session, "Runtime.evaluate", CdpSocket.params().put("expression", "1"));
                if (i >= 20) {
                    samples.add((System.nanoTime() - start) / 1_000);
                }
                assertThat(reply.has("result")).as(reply.toString()).isTrue();
            }
        }
        return samples;
    }

    private static String plainBrowserUrl() throws Exception {
        String body = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(plainHttp + "/json/version"))
                .build(), HttpResponse.BodyHandlers.ofString()).body();
        return new ObjectMapper().readTree(body).path("webSocketDebuggerUrl").asText();
    }

}
