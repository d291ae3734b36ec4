package io.dormouse.systemtest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;

/**
 * Latency of the session lifecycle through the whole system, with plain in-process Playwright measured in the same
 * run as the baseline. Not part of {@code ./dormouse test}; run it with {@code ./dormouse bench}. Prints p50/p99.
 * Throughput and memory with many live sessions are {@link HotPathBenchmark}'s.
 */
class SessionLatencyBenchmark {
    private static final System.Logger LOG = System.getLogger(SessionLatencyBenchmark.class.getName());
    private static final int WARMUP = 3;
    private static final int ROUNDS = Integer.getInteger("bench.rounds", 20);
    private static final long RESUME_AFTER_MILLIS = Long.getLong("bench.resume-after-millis", 2_500);

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
    void lifecycleLatency() throws Exception {
        DormouseStack stack = fixture.stack;
        TestSite site = fixture.site;
        Api registry = fixture.registry;
        List<Long> createAndNavigate = new ArrayList<>();
        List<Long> action = new ArrayList<>();
        List<Long> kafkaHop = new ArrayList<>();
        List<Long> hibernate = new ArrayList<>();
        List<Long> resume = new ArrayList<>();
        for (int round = 0; round < WARMUP + ROUNDS; round++) {
            boolean measured = round >= WARMUP;
            String marker = "b" + round;
            long start = System.nanoTime();
            String id = registry.post("/v1/sessions", "{\"profile\":\"bench\"}").get("id").asText();
            Api.Reply first = registry.act(id, Api.navigate(site.url("/state.html?v=" + marker)));
            Stats.record(measured, createAndNavigate, start);
            assertThat(first.get("status").asText()).as(first.raw()).isEqualTo("completed");

            start = System.nanoTime();
            Api.Reply url = registry.act(id, "{\"type\":\"url\"}");
            Stats.record(measured, action, start);
            assertThat(url.get("status").asText()).isEqualTo("completed");
            if (measured) {
                kafkaHop.add(url.get("timings").path("queuedMillis").asLong() * 1_000);
            }

            start = System.nanoTime();
            assertThat(registry.post("/v1/sessions/" + id + "/hibernate", "").status()).isEqualTo(200);
            Stats.record(measured, hibernate, start);

            // Sessions are resumed after some idle time, not the instant they were hibernated; that pause is when
            // the worker refills its pool of pre-warmed contexts.
            Thread.sleep(RESUME_AFTER_MILLIS);
            start = System.nanoTime();
            Api.Reply resumed = registry.post("/v1/sessions/" + id + "/resume", "");
            Stats.record(measured, resume, start);
            assertThat(resumed.get("state").asText()).as(resumed.raw()).isEqualTo("ACTIVE");
            registry.delete("/v1/sessions/" + id);
        }

        List<Long> baselineRestore = new ArrayList<>();
        List<Long> baselineAction = new ArrayList<>();
        try (PlainPlaywright plain = new PlainPlaywright()) {
            Browser browser = plain.browser;
            BrowserContext source = browser.newContext();
            Page sourcePage = source.newPage();
            sourcePage.navigate(site.url("/state.html?v=baseline"));
            String storageState = source.storageState();
            source.close();
            for (int round = 0; round < WARMUP + ROUNDS; round++) {
                boolean measured = round >= WARMUP;
                long start = System.nanoTime();
                BrowserContext context = browser.newContext(new Browser.NewContextOptions()
                        .setStorageState(storageState));
                Page page = context.newPage();
                page.navigate(site.url("/plain.html"));
                Stats.record(measured, baselineRestore, start);
                start = System.nanoTime();
                page.url();
                Stats.record(measured, baselineAction, start);
                context.close();
            }
        }

        LOG.log(System.Logger.Level.INFO, String.join("\n", "",
                "BENCHMARK session lifecycle, " + ROUNDS + " rounds after " + WARMUP + " warm-up; stack up in "
                        + stack.startupTime.toMillis() + " ms",
                Stats.line("create + first navigate (new context)", createAndNavigate),
                Stats.line("action 'url' over HTTP+Kafka", action),
                Stats.line("  of which registry-to-worker Kafka hop (timings.queuedMillis)", kafkaHop),
                Stats.line("hibernate", hibernate),
                Stats.line("resume (rehydrate + navigate), " + RESUME_AFTER_MILLIS + " ms after hibernating", resume),
                Stats.line("baseline: Playwright newContext(storageState)+newPage+navigate", baselineRestore),
                Stats.line("baseline: Playwright page.url() in process", baselineAction),
                String.format("action overhead over an in-process Playwright call at p50: +%.1f ms",
                        (Stats.percentile(action, 50) - Stats.percentile(baselineAction, 50)) / 1000.0),
                String.format("resume / baseline restore at p50: %.2fx", (double) Stats.percentile(resume, 50)
                        / Math.max(1, Stats.percentile(baselineRestore, 50)))));
    }
}
