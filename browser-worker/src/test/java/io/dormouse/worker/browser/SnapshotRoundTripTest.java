package io.dormouse.worker.browser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Paths;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.sun.net.httpserver.HttpServer;

import io.dormouse.protocol.ProtocolJson;
import io.dormouse.protocol.SessionId;
import io.dormouse.protocol.SessionSnapshot;
import io.dormouse.protocol.SessionSpec;
import io.dormouse.worker.policy.EgressProxy;
import io.dormouse.worker.policy.EgressRoute;

/** Capture and rehydration against a real Chromium, on pages served from 127.0.0.1. */
class SnapshotRoundTripTest {
    private static final String STATE_PAGE = """
            <!doctype html><html><head><title>State</title></head><body><script>
              const v = new URLSearchParams(location.search).get('v');
              if (v) {
                document.cookie = 'c=' + v + '; path=/; max-age=3600';
                localStorage.setItem('l', v);
                sessionStorage.setItem('s', v);
              }
            </script></body></html>""";
    private static final String READ = "() => [document.cookie, localStorage.getItem('l'),"
            + " sessionStorage.getItem('s'), location.href]";

    /** A tall page naming its path, to scroll and to tell a real page from a stand-in. */
    private static final String FIDELITY_PAGE = """
            <!doctype html><html><head><title>PATH</title></head>
            <body style="height: 6000px; width: 3000px"><h1 id="path">PATH</h1></body></html>""";
    private static final String WRITE_INDEXED_DB = """
            () => new Promise((resolve, reject) => {
              const open = indexedDB.open('fidelity', 3);
              open.onupgradeneeded = () => open.result.createObjectStore('things', {keyPath: 'id'})
                  .createIndex('byName', 'name');
              open.onsuccess = () => {
                const tx = open.result.transaction('things', 'readwrite');
                tx.objectStore('things').put({id: 7, name: 'kept', nested: {n: 42}});
                tx.oncomplete = () => { open.result.close(); resolve(true); };
                tx.onerror = () => reject(tx.error);
              };
              open.onerror = () => reject(open.error);
            })""";
    private static final String READ_INDEXED_DB = """
            () => new Promise((resolve, reject) => {
              const open = indexedDB.open('fidelity');
              open.onsuccess = () => {
                const db = open.result;
                const request = db.transaction('things').objectStore('things').index('byName').get('kept');
                request.onsuccess = () => { resolve([db.version, request.result && request.result.nested.n]); };
                request.onerror = () => reject(request.error);
              };
              open.onerror = () => reject(open.error);
            })""";
    private static final Map<String, Integer> FIDELITY_HITS = new ConcurrentHashMap<>();

    private static final EgressProxy EGRESS = new EgressProxy(TestBrowser.policy());

    private static HttpServer server;
    private static Playwright playwright;
    private static Browser browser;

    @BeforeAll
    static void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            byte[] body = STATE_PAGE.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "text/html");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.createContext("/fidelity/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            FIDELITY_HITS.merge(path, 1, Integer::sum);
            byte[] body = FIDELITY_PAGE.replace("PATH", path).getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "text/html");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        playwright = Playwright.create(new Playwright.CreateOptions()
                .setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
        browser = playwright.chromium().launch(new BrowserType.LaunchOptions()
                .setExecutablePath(Paths.get(System.getenv().getOrDefault("CHROMIUM_PATH", "/usr/bin/chromium")))
                .setArgs(List.of("--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                        "--disable-background-networking", "--disable-component-update", "--disable-sync")));
    }

    @AfterAll
    static void stop() {
        browser.close();
        playwright.close();
        server.stop(0);
    }

    @Test
    void cookiesBothStoragesTabsAndUrlsComeBack() {
        SessionId id = SessionId.random();
        LiveSession original = ContextFactory.fresh(browser, id, 0, SessionSpec.ofProfile("default"), egress(id));
        original.page().navigate(url("/first?v=alpha"));
        original.page().navigate(url("/second"));
        Page secondTab = original.context.newPage();
        secondTab.navigate(url("/tab"));
        original.activePage = original.context.pages().get(0);

        SessionSnapshot captured = SnapshotCapture.capture(original);
        original.context.close();
        SessionSnapshot snapshot = ProtocolJson.decode(ProtocolJson.encodeBytes(captured), SessionSnapshot.class);

        assertThat(snapshot.cookies()).extracting(SessionSnapshot.Cookie::name, SessionSnapshot.Cookie::value)
                .containsExactly(tuple("c", "alpha"));
        assertThat(snapshot.origins()).singleElement().satisfies(origin -> {
            assertThat(origin.origin()).isEqualTo(origin());
            assertThat(origin.localStorage()).containsEntry("l", "alpha");
            assertThat(origin.sessionStorage()).containsEntry("s", "alpha");
        });
        assertThat(snapshot.pages()).extracting(SessionSnapshot.PageState::url)
                .containsExactly(url("/second"), url("/tab"));
        SessionSnapshot.PageState first = snapshot.pages().get(0);
        assertThat(first.history()).extracting(SessionSnapshot.HistoryEntry::url)
                .containsExactly("about:blank", url("/first?v=alpha"), url("/second"));
        assertThat(first.historyIndex()).isEqualTo(2);
        assertThat(snapshot.activePageIndex()).isZero();

        LiveSession restored = SnapshotRestore
                .now(SnapshotRestore.intoNew(browser, egress(id), id, 0, SessionSpec.ofProfile("default"), snapshot,
                        10_000));
        try {
            assertThat(restored.context.pages()).hasSize(2);
            assertThat(restored.page().evaluate(READ))
                    .isEqualTo(List.of("c=alpha", "alpha", "alpha", url("/second")));
            assertThat(restored.context.pages().get(1).url()).isEqualTo(url("/tab"));
        } finally {
            restored.context.close();
        }
    }

    @Test
    void restoredSessionStorageDoesNotOverwriteLaterChanges() {
        SessionId id = SessionId.random();
        LiveSession original = ContextFactory.fresh(browser, id, 0, SessionSpec.ofProfile("default"), egress(id));
        original.page().navigate(url("/?v=old"));
        SessionSnapshot snapshot = SnapshotCapture.capture(original);
        original.context.close();

        LiveSession restored = SnapshotRestore
                .now(SnapshotRestore.intoNew(browser, egress(id), id, 0, SessionSpec.ofProfile("default"), snapshot,
                        10_000));
        try {
            restored.page().evaluate("() => sessionStorage.setItem('s', 'new')");
            restored.page().navigate(url("/elsewhere"));
            assertThat(restored.page().evaluate("() => sessionStorage.getItem('s')")).isEqualTo("new");
        } finally {
            restored.context.close();
        }
    }

    @Test
    void indexedDbBackForwardHistoryAndScrollPositionComeBack() {
        SessionId id = SessionId.random();
        LiveSession original = ContextFactory.fresh(browser, id, 0, SessionSpec.ofProfile("default"), egress(id));
        Page page = original.page();
        page.navigate(url("/fidelity/a"));
        assertThat(page.evaluate(WRITE_INDEXED_DB)).isEqualTo(true);
        page.navigate(url("/fidelity/b"));
        page.navigate(url("/fidelity/c"));
        page.evaluate("() => window.scrollTo(40, 1234)");
        Object historyLength = page.evaluate("() => history.length");

        SessionSnapshot snapshot = ProtocolJson.decode(ProtocolJson.encodeBytes(SnapshotCapture.capture(original)),
                SessionSnapshot.class);
        original.context.close();
        assertThat(SnapshotRestore.needsStorageState(snapshot)).isTrue();
        Map<String, Integer> hitsBefore = Map.copyOf(FIDELITY_HITS);

        LiveSession restored = SnapshotRestore
                .now(SnapshotRestore.intoNew(browser, egress(id), id, 0, SessionSpec.ofProfile("default"), snapshot,
                        10_000));
        try {
            Page again = restored.page();
            assertThat(again.url()).isEqualTo(url("/fidelity/c"));
            assertThat(again.evaluate("() => [window.scrollX, window.scrollY]")).isEqualTo(List.of(40, 1234));
            assertThat(again.evaluate(READ_INDEXED_DB)).isEqualTo(List.of(3, 42));
            assertThat(again.evaluate("() => history.length")).isEqualTo(historyLength);
            assertThat(FIDELITY_HITS.get("/fidelity/a")).as("stand-ins do not reach the site")
                    .isEqualTo(hitsBefore.get("/fidelity/a"));
            assertThat(FIDELITY_HITS.get("/fidelity/b")).isEqualTo(hitsBefore.get("/fidelity/b"));

            again.goBack();
            assertThat(again.url()).isEqualTo(url("/fidelity/b"));
            assertThat(again.textContent("#path")).as("the real page, not a stand-in").isEqualTo("/fidelity/b");
            again.goBack();
            assertThat(again.textContent("#path")).isEqualTo("/fidelity/a");
            again.goForward();
            again.goForward();
            assertThat(again.textContent("#path")).isEqualTo("/fidelity/c");
        } finally {
            restored.context.close();
        }
    }

    @Test
    void aTabInTheMiddleOfItsHistoryComesBackThereWithItsForwardEntries() {
        SessionId id = SessionId.random();
        LiveSession original = ContextFactory.fresh(browser, id, 0, SessionSpec.ofProfile("default"), egress(id));
        original.page().navigate(url("/fidelity/one"));
        original.page().navigate(url("/fidelity/two"));
        original.page().navigate(url("/fidelity/three"));
        original.page().goBack();
        SessionSnapshot snapshot = SnapshotCapture.capture(original);
        original.context.close();

        LiveSession restored = SnapshotRestore
                .now(SnapshotRestore.intoNew(browser, egress(id), id, 0, SessionSpec.ofProfile("default"), snapshot,
                        10_000));
        try {
            Page again = restored.page();
            assertThat(again.textContent("#path")).isEqualTo("/fidelity/two");
            again.goForward();
            assertThat(again.textContent("#path")).isEqualTo("/fidelity/three");
            again.goBack();
            again.goBack();
            assertThat(again.textContent("#path")).isEqualTo("/fidelity/one");
        } finally {
            restored.context.close();
        }
    }

    private static String origin() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private static String url(String path) {
        return origin() + path;
    }

    private static EgressRoute egress(SessionId id) {
        return EGRESS.register(id, null);
    }
}
