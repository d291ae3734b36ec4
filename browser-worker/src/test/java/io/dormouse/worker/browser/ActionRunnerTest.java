package io.dormouse.worker.browser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.microsoft.playwright.PlaywrightException;
import com.sun.net.httpserver.HttpServer;

import io.dormouse.protocol.Action;
import io.dormouse.protocol.ActionError;
import io.dormouse.protocol.AuthProbe;
import io.dormouse.protocol.AuthProbed;
import io.dormouse.protocol.ContextMetrics;
import io.dormouse.protocol.ProfileHealth;
import io.dormouse.protocol.SessionId;
import io.dormouse.protocol.SessionSpec;

/** Every action against a real Chromium on pages served from 127.0.0.1, and fairness between sessions. */
class ActionRunnerTest {
    private static final String FORM = """
            <!doctype html><html><head><title>Form</title></head><body>
            <input id="name"><input id="keys" onkeydown="window.lastKey = event.key">
            <select id="color"><option value="r">Red</option><option value="g">Green</option></select>
            <input id="agree" type="checkbox">
            <button id="go" onclick="document.title = 'clicked'" onmouseover="window.hovered = true">Go</button>
            <button id="late" style="display:none" onclick="document.title = 'late clicked'">Late</button>
            <script>setTimeout(() => document.getElementById('late').style.display = 'inline', 300);</script>
            </body></html>""";
    private static final double TIMEOUT = 5_000;

    private static HttpServer server;
    private static BrowserRuntime runtime;
    private static SessionContexts contexts;
    private static final java.util.concurrent.atomic.AtomicInteger SLOW_HITS = new java.util.concurrent.atomic.AtomicInteger();
    private static TestBrowser.Worker worker;

    @BeforeAll
    static void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newFixedThreadPool(4));
        // A page that answers after 1.5 s, counting its requests: a navigation a click starts stays pending that long.
        server.createContext("/slow", exchange -> {
            SLOW_HITS.incrementAndGet();
            try {
                Thread.sleep(1500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            byte[] bytes = "<title>slow</title><p>slow</p>".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "text/html");
            exchange.sendResponseHeaders(200, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        });
        server.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            String body = switch (path) {
                case "/form" -> FORM;
                case "/search" -> "<title>search</title><form action='/submitted'><input id='q' name='q'></form>";
                case "/headers" -> "<title>headers</title><pre id=h>"
                        + exchange.getRequestHeaders().getFirst("X-Agent") + "</pre>";
                case "/state" -> "<title>state</title><script>const v = new URLSearchParams(location.search).get('v');"
                        + " if (v) { document.cookie = 'c=' + v + '; path=/; max-age=3600'; localStorage.setItem('l', v);"
                        + " sessionStorage.setItem('s', v); }</script>";
                case "/to-slow" -> "<title>to slow</title><a id=go href='/slow'>go</a>";
                case "/big" -> "<title>big</title><div style='height:20000px;background:linear-gradient(red,blue)'>"
                        + "</div>";
                default -> "<title>" + path.substring(1) + "</title><p>" + path + "</p>";
            };
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "text/html");
            exchange.sendResponseHeaders(200, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        });
        server.start();
        runtime = TestBrowser.startRuntime();
        worker = TestBrowser.worker(runtime);
        contexts = worker.contexts();
    }

    @AfterAll
    static void stop() {
        runtime.stop();
        server.stop(0);
    }

    @Test
    void formActionsReachThePage() {
        SessionId id = session();
        run(id, new Action.Navigate(url("/form"), null));
        run(id, new Action.Fill("#name", "Ada"));
        run(id, new Action.Type("#name", " L", 5));
        run(id, new Action.Press("#keys", "Enter"));
        assertThat(run(id, new Action.SelectOption("#color", List.of("g"))).get(0).asText()).isEqualTo("g");
        run(id, new Action.Check("#agree", null));
        run(id, new Action.Hover("#go"));
        run(id, new Action.Click("#go"));
        // Shown only after 300 ms: the click waits for it by polling.
        run(id, new Action.Click("#late"));

        JsonNode state = run(id, new Action.Evaluate("() => [document.getElementById('name').value, window.lastKey,"
                + " document.getElementById('color').value, document.getElementById('agree').checked,"
                + " window.hovered === true, document.title]", null));
        assertThat(state.toString()).isEqualTo("[\"Ada L\",\"Enter\",\"g\",true,true,\"late clicked\"]");

        run(id, new Action.Check("#agree", false));
        assertThat(run(id, new Action.Evaluate("document.getElementById('agree').checked", null)).asBoolean())
                .isFalse();
    }

    @Test
    void aClickThatStartsASlowNavigationIsMadeOnceAndSucceeds() {
        SessionId id = session();
        run(id, new Action.Navigate(url("/to-slow"), null));
        int before = SLOW_HITS.get();
        run(id, new Action.Click("#go"));
        assertThat(run(id, new Action.WaitForUrl("**/slow", null)).asText()).endsWith("/slow");
        assertThat(run(id, new Action.GetTitle()).asText()).isEqualTo("slow");
        assertThat(SLOW_HITS.get() - before).as("requests the click made").isEqualTo(1);
    }

    @Test
    void theAriaSnapshotNamesElementsByReferencesLaterActionsUse() {
        SessionId id = session();
        run(id, new Action.Navigate(url("/form"), null));
        String snapshot = run(id, new Action.AriaSnapshot(null, null)).asText();
        assertThat(snapshot).contains("button \"Go\"").contains("checkbox").contains("[ref=e");

        java.util.regex.Matcher go = java.util.regex.Pattern.compile("button \"Go\" \\[ref=(e\\d+)\\]")
                .matcher(snapshot);
        assertThat(go.find()).as("a reference for the Go button in %s", snapshot).isTrue();
        run(id, new Action.Click("aria-ref=" + go.group(1)));
        assertThat(run(id, new Action.GetTitle()).asText()).isEqualTo("clicked");

        String select = run(id, new Action.AriaSnapshot("#color", null)).asText();
        assertThat(select).contains("combobox").contains("Green").doesNotContain("button");
        assertThatThrownBy(() -> contexts.run(id, new Action.Click("aria-ref=e9999"), 500))
                .isInstanceOfSatisfying(ActionException.class, e -> assertThat(e.error().code()).isIn(
                        ActionError.SELECTOR_NOT_FOUND, ActionError.TIMEOUT));
    }

    @Test
    void historyAndWaitsFollowTheNavigations() {
        SessionId id = session();
        assertThat(run(id, new Action.Navigate(url("/one"), null)).path("status").asInt()).isEqualTo(200);
        run(id, new Action.Navigate(url("/two"), "domcontentloaded"));
        assertThat(run(id, new Action.Back(null)).path("url").asText()).isEqualTo(url("/one"));
        assertThat(run(id, new Action.Forward(null)).path("title").asText()).isEqualTo("two");
        assertThat(run(id, new Action.Reload(null)).path("url").asText()).isEqualTo(url("/two"));
        assertThat(run(id, new Action.WaitForUrl("**/tw?", null)).asText()).isEqualTo(url("/two"));
        assertThatThrownBy(() -> contexts.run(id, new Action.WaitForUrl(null, ".*/three"), 300))
                .isInstanceOfSatisfying(ActionException.class,
                        e -> assertThat(e.error().code()).isEqualTo(ActionError.TIMEOUT));
    }

    @Test
    void evaluateTakesAnArgumentAwaitsPromisesAndReportsErrors() {
        SessionId id = session();
        run(id, new Action.Navigate(url("/eval"), null));
        assertThat(run(id, new Action.Evaluate("(n) => n * 2", IntNode.valueOf(21))).asInt()).isEqualTo(42);
        assertThat(run(id, new Action.Evaluate("async () => { await new Promise(r => setTimeout(r, 200));"
                + " return 'late'; }", null)).asText()).isEqualTo("late");
        assertThat(run(id, new Action.Evaluate("document.title;", null)).asText()).isEqualTo("eval");
        assertThatThrownBy(() -> run(id, new Action.Evaluate("() => { throw new Error('boom'); }", null)))
                .isInstanceOfSatisfying(ActionException.class, e -> {
                    assertThat(e.error().code()).isEqualTo(ActionError.EVALUATION_FAILED);
                    assertThat(e.error().message()).contains("boom");
                });
        assertThatThrownBy(() -> contexts.run(id, new Action.WaitForSelector("#never", null), 200))
                .isInstanceOfSatisfying(ActionException.class,
                        e -> assertThat(e.error().code()).isEqualTo(ActionError.SELECTOR_NOT_FOUND));
    }

    @Test
    void evaluateReturnsWhatAnExpressionThatNavigatesComputedAndLeavesNoTraceInThePage() {
        SessionId id = session();
        run(id, new Action.Navigate(url("/eval"), null));
        // The value was computed before the page went: plain Playwright returns it, and so does the action.
        assertThat(run(id, new Action.Evaluate("() => { location.href = '/next'; return 1 }", null)).asInt())
                .isEqualTo(1);
        run(id, new Action.WaitForUrl("**/next", null));
        assertThat(run(id, new Action.Evaluate("(() => { setTimeout(() => { location.href = '/again'; }, 0);"
                + " return true; })()", null)).asBoolean()).isTrue();
        run(id, new Action.WaitForUrl("**/again", null));
        run(id, new Action.Navigate(url("/search"), null));
        assertThat(run(id, new Action.Evaluate("(() => { const form = document.querySelector('form');"
                + " document.querySelector('#q').value = 'ada'; setTimeout(() => form.submit(), 0); return true; })()",
                null)).asBoolean()).isTrue();
        run(id, new Action.WaitForUrl("**/submitted?q=ada", null));
        run(id, new Action.Navigate(url("/eval"), null));
        // A page that forges the old well-known slot, or watches window for new names, learns and decides nothing.
        run(id, new Action.Evaluate("() => { window.__dormouseEvaluations = new Proxy({}, { get: () =>"
                + " ({ state: 'fulfilled', value: 'forged' }) }); window.namesBefore = 0; window.namesBefore ="
                + " Object.getOwnPropertyNames(window).length; }", null));
        assertThat(run(id, new Action.Evaluate("async () => 'genuine'", null)).asText()).isEqualTo("genuine");
        assertThat(run(id, new Action.Evaluate("() => 'sync'", null)).asText()).isEqualTo("sync");
        assertThat(run(id, new Action.Evaluate("() => Object.getOwnPropertyNames(window).length - window.namesBefore",
                null)).asInt()).isZero();
        // A page that watches its globals every millisecond while a promise is pending, and overwrites whatever
        // appears with a forger, finds nothing and changes nothing.
        run(id, new Action.Evaluate("() => { window.found = []; const known = new Set([...Object.getOwnPropertyNames("
                + "window), ...Object.getOwnPropertySymbols(window)]); setInterval(() => { for (const name of"
                + " [...Object.getOwnPropertyNames(window), ...Object.getOwnPropertySymbols(window)]) {"
                + " if (!known.has(name)) { known.add(name); window.found.push(String(name)); try {"
                + " Object.defineProperty(window, name, { value: () => ({ state: 'fulfilled', value: 'forged',"
                + " json: JSON.stringify({ state: 'fulfilled', value: 'forged' }) }),"
                + " configurable: true }); } catch (e) {} } } }, 1); }", null));
        assertThat(run(id, new Action.Evaluate("async () => { await new Promise(r => setTimeout(r, 150));"
                + " return 'genuine'; }", null)).asText()).isEqualTo("genuine");
        assertThat(run(id, new Action.Evaluate("() => window.found", null))).isEmpty();
        // Values that JSON cannot carry as such, and an expression that ends in a comment.
        assertThat(run(id, new Action.Evaluate("() => undefined", null)).isNull()).isTrue();
        assertThat(run(id, new Action.Evaluate("document.title // the tab's title", null)).asText())
                .isEqualTo("eval");
        assertThatThrownBy(() -> run(id, new Action.Evaluate("() => { const a = {}; a.a = a; return a; }", null)))
                .isInstanceOfSatisfying(ActionException.class,
                        e -> assertThat(e.error().code()).isEqualTo(ActionError.EVALUATION_FAILED));
        assertThatThrownBy(() -> run(id, new Action.Evaluate("() => {", null)))
                .isInstanceOfSatisfying(ActionException.class,
                        e -> assertThat(e.error().code()).isEqualTo(ActionError.EVALUATION_FAILED));
    }

    @Test
    void cookiesStorageAndHeadersAreManaged() {
        SessionId id = session();
        run(id, new Action.Navigate(url("/store"), null));
        run(id, new Action.AddCookies(List.of(new Action.CookieParam("token", "t1", url("/"), null, null, null,
                true, null, "Lax"))));
        assertThat(run(id, new Action.GetCookies()).findValuesAsText("value")).containsExactly("t1");
        run(id, new Action.ClearCookies());
        assertThat(run(id, new Action.GetCookies())).isEmpty();

        run(id, new Action.SetLocalStorage(Map.of("a", "1", "b", "2")));
        assertThat(run(id, new Action.GetLocalStorage(List.of("a"))).toString()).isEqualTo("{\"a\":\"1\"}");

        run(id, new Action.SetExtraHttpHeaders(Map.of("X-Agent", "dormouse")));
        run(id, new Action.Navigate(url("/headers"), null));
        assertThat(run(id, new Action.Evaluate("document.getElementById('h').textContent", null)).asText())
                .isEqualTo("dormouse");
    }

    @Test
    void tabsOpenSwitchAndClose() {
        SessionId id = session();
        run(id, new Action.Navigate(url("/first"), null));
        JsonNode opened = run(id, new Action.NewPage(url("/second")));
        assertThat(opened.path("active").asInt()).isEqualTo(1);
        assertThat(opened.path("pages").findValuesAsText("title")).containsExactly("first", "second");
        run(id, new Action.SwitchPage(0));
        assertThat(run(id, new Action.GetTitle()).asText()).isEqualTo("first");
        JsonNode afterClose = run(id, new Action.ClosePage(0));
        assertThat(afterClose.path("pages").findValuesAsText("title")).containsExactly("second");
        assertThat(run(id, new Action.GetUrl()).asText()).isEqualTo(url("/second"));
        assertThatThrownBy(() -> run(id, new Action.SwitchPage(5)))
                .isInstanceOfSatisfying(ActionException.class,
                        e -> assertThat(e.error().code()).isEqualTo(ActionError.INVALID_COMMAND));
    }

    @Test
    void screenshotsAndPdfsAreFiles() {
        SessionId id = session();
        run(id, new Action.Navigate(url("/big"), null));
        SessionContexts.ActionResult viewport = contexts.run(id, new Action.Screenshot(null, null), TIMEOUT);
        SessionContexts.ActionResult full = contexts.run(id, new Action.Screenshot(null, true), TIMEOUT);
        assertThat(viewport.contentType()).isEqualTo("image/png");
        assertThat(Arrays.copyOf(viewport.binary(), 4)).containsExactly(0x89, 'P', 'N', 'G');
        assertThat(full.binary().length).isGreaterThan(viewport.binary().length);
        assertThat(Base64.getDecoder().decode(viewport.json().path("data").asText())).isEqualTo(viewport.binary());
        SessionContexts.ActionResult pdf = contexts.run(id, new Action.Pdf(null), TIMEOUT);
        assertThat(new String(pdf.binary(), 0, 4, StandardCharsets.US_ASCII)).isEqualTo("%PDF");
    }

    @Test
    void authProbesJudgeTheUrlTheCookieAndTheExpressionWithoutCountingAsUse() {
        SessionId id = SessionId.random();
        AuthProbe probe = new AuthProbe("c", "() => document.title === 'state'", "/login", 5);
        worker.activation().activateFresh(id, 0,
                SessionSpec.ofProfile("bank").withHealth(new ProfileHealth(null, probe)));
        assertThat(worker.probes().dueAuthProbes()).filteredOn(due -> due.sessionId().equals(id))
                .extracting(AuthProbes.DueProbe::trigger).containsExactly(AuthProbed.ACTIVATED);

        run(id, new Action.Navigate(url("/state"), null));
        contexts.touch(id);
        long lastUsed = contexts.require(id).lastUsedNanos;
        assertThat(verdict(id, probe)).extracting(AuthProbes.ProbeVerdict::passed,
                AuthProbes.ProbeVerdict::failedCheck).containsExactly(false, AuthProbe.COOKIE);
        assertThat(worker.probes().dueAuthProbes()).as("not due again before its interval")
                .noneMatch(due -> due.sessionId().equals(id));

        run(id, new Action.Navigate(url("/state?v=in"), null));
        assertThat(verdict(id, probe).passed()).isTrue();
        run(id, new Action.Navigate(url("/login"), null));
        assertThat(verdict(id, probe).failedCheck()).isEqualTo(AuthProbe.URL);
        run(id, new Action.Navigate(url("/account"), null));
        assertThat(verdict(id, probe)).extracting(AuthProbes.ProbeVerdict::failedCheck,
                AuthProbes.ProbeVerdict::detail).containsExactly(AuthProbe.EXPRESSION,
                        "the logged-in expression gave false");

        AuthProbe throwing = new AuthProbe(null, "() => { throw new Error('no user object'); }", null, 5);
        assertThat(verdict(id, throwing).detail()).contains("no user object");
        assertThat(contexts.require(id).lastUsedNanos).as("probes do not keep a session from going idle")
                .isEqualTo(lastUsed);
    }

    private static AuthProbes.ProbeVerdict verdict(SessionId id, AuthProbe probe) {
        return worker.probes().probeAuth(id, probe, TIMEOUT).orElseThrow();
    }

    @Test
    void crashesConsoleErrorsAndIdlenessAreReported() throws InterruptedException {
        SessionId id = session();
        run(id, new Action.Navigate(url("/crashing"), null));
        run(id, new Action.Evaluate("() => { console.error('one'); setTimeout(() => { throw new Error('two'); }); }",
                null));
        LiveSession session = contexts.require(id);
        // CDP's Page.crash never answers; the renderer's own crash URL fails the navigation instead.
        assertThatThrownBy(() -> runtime.call(() -> session.page().navigate("chrome://crash",
                new com.microsoft.playwright.Page.NavigateOptions().setTimeout(10_000))))
                .isInstanceOf(PlaywrightException.class);
        List<ContextSampling.Crash> crashes = new ArrayList<>();
        for (int i = 0; i < 50 && crashes.isEmpty(); i++) {
            crashes.addAll(worker.sampling().newCrashes());
            Thread.sleep(100);
        }
        assertThat(crashes).extracting(ContextSampling.Crash::sessionId, ContextSampling.Crash::url)
                .containsExactly(tuple(id, url("/crashing")));
        ContextMetrics.Sample sample = worker.sampling().sample().stream().filter(s -> s.sessionId().equals(id))
                .findFirst()
                .orElseThrow().sample();
        assertThat(sample.crashCount()).isEqualTo(1);
        assertThat(sample.consoleErrorCount()).isEqualTo(2);

        List<Duration> thresholds = List.of(Duration.ofMillis(100), Duration.ofMillis(200), Duration.ofHours(1));
        Thread.sleep(250);
        assertThat(contexts.idleCrossings(thresholds)).filteredOn(c -> c.sessionId().equals(id))
                .extracting(SessionContexts.IdleCrossing::idleFor).containsExactly(Duration.ofMillis(200));
        assertThat(contexts.idleCrossings(thresholds)).noneMatch(c -> c.sessionId().equals(id));
    }

    /**
     * Pre-warmed contexts serve fresh activations and rehydrations alike, with cookies, both storages, headers and the
     * tab coming back as from a cold context, and without the scratch page showing up as a tab.
     */
    @Test
    void warmContextsRehydrateAsFaithfullyAsColdOnesAndFaster() {
        String read = "() => [document.cookie, localStorage.getItem('l'), sessionStorage.getItem('s'), location.href]";
        Set<Integer> warmHistory = new HashSet<>();
        Set<Integer> coldHistory = new HashSet<>();
        List<Long> warmMillis = new ArrayList<>();
        List<Long> coldMillis = new ArrayList<>();
        for (int round = 0; round < 4; round++) {
            for (boolean warm : List.of(false, true)) {
                String marker = (warm ? "w" : "c") + round;
                if (warm) {
                    worker.warmPool().topUp(1);
                }
                SessionId id = session();
                run(id, new Action.Navigate(url("/state?v=" + marker), null));
                run(id, new Action.SetExtraHttpHeaders(Map.of("X-Agent", marker)));
                var snapshot = contexts.capture(id);
                contexts.close(id);
                if (warm) {
                    worker.warmPool().topUp(1);
                }
                long start = System.nanoTime();
                worker.activation().restore(id, 0, SessionSpec.ofProfile("default"), snapshot, TIMEOUT);
                (warm ? warmMillis : coldMillis).add((System.nanoTime() - start) / 1_000_000);
                assertThat(run(id, new Action.Evaluate(read, null)).toString()).as(marker).isEqualTo("[\"c=" + marker
                        + "\",\"" + marker + "\",\"" + marker + "\",\"" + url("/state?v=" + marker) + "\"]");
                (warm ? warmHistory : coldHistory).add(run(id, new Action.Evaluate("history.length", null)).asInt());
                assertThat(run(id, new Action.ListPages()).path("pages")).hasSize(1);
                run(id, new Action.Navigate(url("/headers"), null));
                assertThat(run(id, new Action.Evaluate("document.getElementById('h').textContent", null)).asText())
                        .isEqualTo(marker);
                contexts.close(id);
            }
        }
        assertThat(worker.warmPool().size()).isZero();
        assertThat(warmHistory).as("history entries, warm vs cold").isEqualTo(coldHistory);
        System.getLogger(getClass().getName()).log(System.Logger.Level.INFO,
                "FIGURES rehydrate in process: warm context {0} ms, cold context {1} ms (each round)", warmMillis,
                coldMillis);
    }

    /**
     * A session waiting for an element that never comes must not hold up another session on the same Playwright
     * thread. Without polling, each of the other session's actions would wait for the whole 3 s.
     */
    @Test
    void aLongWaitInOneSessionDoesNotBlockAnother() throws Exception {
        SessionId waiting = session();
        SessionId busy = session();
        run(waiting, new Action.Navigate(url("/waiting"), null));
        run(busy, new Action.Navigate(url("/busy"), null));
        List<Long> alone = timeActions(busy, 30);

        CompletableFuture<Throwable> longWait = CompletableFuture.supplyAsync(() -> {
            try {
                contexts.run(waiting, new Action.WaitForSelector("#never", null), 3_000);
                return null;
            } catch (ActionException e) {
                return e;
            }
        });
        Thread.sleep(100);
        List<Long> during = timeActions(busy, 30);
        assertThat(longWait.isDone()).as("the long wait was still running while the other session acted").isFalse();
        assertThat(longWait.get()).isInstanceOf(ActionException.class);

        long p99Alone = percentile(alone, 99);
        long p99During = percentile(during, 99);
        System.getLogger(getClass().getName()).log(System.Logger.Level.INFO,
                "FIGURES head-of-line: url action p50/p99 alone {0}/{1} ms, beside a 3 s waitForSelector {2}/{3} ms",
                percentile(alone, 50), p99Alone, percentile(during, 50), p99During);
        assertThat(p99During).as("p99 of another session's action during a long wait").isLessThan(1_000);
    }

    private static List<Long> timeActions(SessionId id, int count) {
        List<Long> millis = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            long start = System.nanoTime();
            run(id, new Action.GetUrl());
            millis.add((System.nanoTime() - start) / 1_000_000);
        }
        return millis;
    }

    private static long percentile(List<Long> values, int percentile) {
        List<Long> sorted = values.stream().sorted().toList();
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(percentile / 100.0 * sorted.size()) - 1));
    }

    private static SessionId session() {
        SessionId id = SessionId.random();
        worker.activation().activateFresh(id, 0, SessionSpec.ofProfile("default"));
        return id;
    }

    private static JsonNode run(SessionId id, Action action) {
        return contexts.run(id, action, TIMEOUT).json();
    }

    private static String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }
}
