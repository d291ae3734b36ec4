package io.dormouse.worker.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.sun.net.httpserver.HttpServer;

import io.dormouse.protocol.Action;
import io.dormouse.protocol.SessionId;
import io.dormouse.protocol.SessionSnapshot;
import io.dormouse.protocol.SessionSpec;

/**
 * Waking a session whose tab loads slowly (a site whose image takes 3 s) must not hold the Playwright thread for the
 * load: another session's actions go on meanwhile, and the woken tab still comes back loaded.
 */
class SlowWakeTest {
    private static final long IMAGE_DELAY_MILLIS = 3_000;

    private static HttpServer server;
    private static BrowserRuntime runtime;
    private static TestBrowser.Worker worker;

    @BeforeAll
    static void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newFixedThreadPool(8));
        server.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            if (path.equals("/slow.png")) {
                try {
                    Thread.sleep(IMAGE_DELAY_MILLIS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            byte[] body = (path.equals("/slow-load")
                    ? "<title>slow</title><img src='/slow.png?" + System.nanoTime() + "'>"
                    : "<title>" + path.substring(1) + "</title>").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", path.endsWith(".png") ? "image/png" : "text/html");
            exchange.getResponseHeaders().add("Cache-Control", "no-store");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        runtime = TestBrowser.startRuntime();
        worker = TestBrowser.worker(runtime);
    }

    @AfterAll
    static void stop() {
        runtime.stop();
        server.stop(0);
    }

    @Test
    void aSlowTabOnWakeDoesNotHoldUpAnotherSession() throws Exception {
        SessionContexts contexts = worker.contexts();
        SessionId sleeper = SessionId.random();
        worker.activation().activateFresh(sleeper, 0, SessionSpec.ofProfile("default"));
        contexts.run(sleeper, new Action.Navigate(url("/slow-load"), null), 20_000);
        SessionSnapshot snapshot = contexts.capture(sleeper);
        contexts.close(sleeper);

        SessionId busy = SessionId.random();
        worker.activation().activateFresh(busy, 0, SessionSpec.ofProfile("default"));
        contexts.run(busy, new Action.Navigate(url("/busy"), null), 5_000);

        long wakeStart = System.nanoTime();
        CompletableFuture<Void> wake = CompletableFuture.runAsync(() -> worker.activation().restore(sleeper, 0,
                SessionSpec.ofProfile("default"), snapshot, 20_000));
        Thread.sleep(500);
        List<Long> during = new ArrayList<>();
        while (!wake.isDone() && during.size() < 200) {
            long start = System.nanoTime();
            contexts.run(busy, new Action.GetTitle(), 5_000);
            during.add((System.nanoTime() - start) / 1_000_000);
        }
        wake.get();
        long wakeMillis = (System.nanoTime() - wakeStart) / 1_000_000;

        assertThat(wakeMillis).as("the wake waited for the slow image").isGreaterThanOrEqualTo(IMAGE_DELAY_MILLIS);
        assertThat(during).as("actions of the other session while the woken tab loaded").hasSizeGreaterThan(5);
        // Held for the load, the first of them would wait out the whole 3 s and the wake would be over after one or
        // two; the median, unlike the slowest, is not moved by one stall of a loaded CI machine (3.6 s seen there).
        assertThat(during.stream().mapToLong(Long::longValue).sorted().skip(during.size() / 2).findFirst()
                .orElseThrow()).as("their median (ms), against a %d ms load", IMAGE_DELAY_MILLIS).isLessThan(1_000);
        assertThat(runtime.call(() -> contexts.find(sleeper).page().title())).isEqualTo("slow");
        contexts.close(sleeper);
        contexts.close(busy);
    }

    private static String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }
}
