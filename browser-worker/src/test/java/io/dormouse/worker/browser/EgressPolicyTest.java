package io.dormouse.worker.browser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.sun.net.httpserver.HttpServer;

import io.dormouse.protocol.Action;
import io.dormouse.protocol.ActionError;
import io.dormouse.protocol.ProxySettings;
import io.dormouse.protocol.SessionId;
import io.dormouse.protocol.SessionSpec;
import io.dormouse.protocol.Viewport;

/**
 * The navigation policy on every hop, the per-session upstream proxies (HTTP and SOCKS5, with credentials, each a
 * small counting proxy on 127.0.0.1) and the other context settings, against a real Chromium.
 */
class EgressPolicyTest {
    private static final double TIMEOUT = 5_000;

    private static HttpServer site;
    private static BrowserRuntime runtime;
    private static SessionContexts contexts;
    private static TestBrowser.Worker worker;

    @BeforeAll
    static void start() throws IOException {
        site = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        site.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            if (path.equals("/to-metadata")) {
                exchange.getResponseHeaders().add("Location", "http://169.254.169.254/latest/meta-data/");
                exchange.sendResponseHeaders(302, -1);
                exchange.close();
                return;
            }
            byte[] body = ("<title>" + path.substring(1) + "</title>").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "text/html");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        site.start();
        runtime = TestBrowser.startRuntime();
        worker = TestBrowser.worker(runtime);
        contexts = worker.contexts();
    }

    @AfterAll
    static void stop() {
        runtime.stop();
        site.stop(0);
    }

    @Test
    void blockedSchemesAndAddressesFailWithPolicyDenied() {
        SessionId id = session(SessionSpec.ofProfile("default"));
        assertThat(run(id, new Action.Navigate(url("/allowed"), null)).path("title").asText()).isEqualTo("allowed");

        assertDenied(id, new Action.Navigate("file:///etc/passwd", null), "file: scheme");
        assertDenied(id, new Action.Navigate("view-source:" + url("/allowed"), null), "view-source: scheme");
        assertDenied(id, new Action.Navigate("http://169.254.169.254/latest/meta-data/", null), "169.254.169.254");
        assertDenied(id, new Action.Navigate("https://169.254.169.254/", null), "169.254.169.254");
        // Allowed first hop, blocked redirect target: the proxy sees the second hop as a request of its own.
        assertDenied(id, new Action.Navigate(url("/to-metadata"), null), "169.254.169.254");
        // A configured deny block on a loopback address: loopback traffic goes through the proxy too.
        assertDenied(id, new Action.Navigate(url("/aliased").replace("127.0.0.1", "127.0.0.2"), null),
                "127.0.0.2");
        assertDenied(id, new Action.NewPage("http://blocked.test/"), "deny list");

        assertThat(run(id, new Action.GetUrl()).asText()).doesNotContain("169.254");
    }

    @Test
    void everySpellingOfALocalUrlIsRefused() {
        SessionId id = session(SessionSpec.ofProfile("default"));
        for (String url : List.of("file:///etc/hostname#{", "fi\tle:///etc/hostname", "\u0001file:///etc/hostname",
                "file:/etc/hostname?a=|", "chrome://version/{", "view-source:" + url("/allowed") + "{",
                "FILE:///etc/hostname", "javascript:document.title", "about:version", "/etc/hostname")) {
            assertDenied(id, new Action.Navigate(url, null), "");
            assertDenied(id, new Action.NewPage(url), "");
        }
        // Chromium reads a decimal host as an IPv4 address before the proxy sees it: 2130706434 is 127.0.0.2.
        assertDenied(id, new Action.Navigate("http://2130706434:" + site.getAddress().getPort() + "/", null),
                "127.0.0.2");
        assertThat(run(id, new Action.ListPages()).path("pages"))
                .allSatisfy(page -> assertThat(page.path("url").asText()).doesNotStartWith("file:"));
    }

    @Test
    void aTabThatReachedALocalPageIsClosedBeforeAnythingReadsIt() {
        SessionId id = session(SessionSpec.ofProfile("default"));
        run(id, new Action.Navigate(url("/before"), null));
        // As if a URL had slipped past the check: the page is sent to a local file behind the runner's back.
        runtime.call(() -> contexts.require(id).page().navigate("file:///etc/hostname"));

        assertDenied(id, new Action.Evaluate("() => document.body.innerText", null), "file:///etc/hostname");
        assertThat(run(id, new Action.GetUrl()).asText()).isEqualTo("about:blank");
        assertThat(run(id, new Action.ListPages()).path("pages")).hasSize(1);
    }

    @Test
    void theStacksOwnServicesAreRefusedToPages() throws IOException {
        try (ServerSocket service = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            worker.policy().addStackEndpoint("127.0.0.1", service.getLocalPort());
            SessionId id = session(SessionSpec.ofProfile("default"));
            String stackUrl = "http://127.0.0.1:" + service.getLocalPort() + "/v1/health/overview";
            assertDenied(id, new Action.Navigate(stackUrl, null), "own services");
            assertDenied(id, new Action.Navigate(stackUrl.replace("127.0.0.1", "localhost"), null), "own services");
            assertDenied(id, new Action.Navigate(stackUrl.replace("127.0.0.1", "[::1]"), null), "own services");
            run(id, new Action.Navigate(url("/page"), null));
            // A hostile page's own requests, of every kind a page can make.
            run(id, new Action.Evaluate("(u) => Promise.allSettled([fetch(u), fetch(u, {mode: 'no-cors'}),"
                    + " new Promise(done => { const ws = new WebSocket(u.replace('http', 'ws'));"
                    + " ws.onerror = ws.onopen = done; }), new Promise(done => { const i = new Image();"
                    + " i.onload = i.onerror = done; i.src = u; })]).then(() => true)", TextNode.valueOf(stackUrl)));
            // Nothing ever reached the service: no connection is waiting to be accepted.
            service.setSoTimeout(300);
            assertThatThrownBy(service::accept).isInstanceOf(java.net.SocketTimeoutException.class);
        }
    }

    @Test
    void aSessionProxyOnADeniedAddressIsRefused() {
        SessionId id = session(new SessionSpec("default", null,
                new ProxySettings("http://169.254.169.254:80", null, null), null, null, null, null));
        assertDenied(id, new Action.Navigate(url("/via-metadata-proxy"), null), "session's proxy");
    }

    @Test
    void aSessionProxyCarriesItsTrafficWithItsCredentials() throws IOException {
        try (CountingHttpProxy proxy = new CountingHttpProxy()) {
            SessionId id = session(new SessionSpec("default", null,
                    new ProxySettings("http://127.0.0.1:" + proxy.port(), "agent", "s3cret"), null, null, null, null));
            JsonNode page = run(id, new Action.Navigate(url("/through-http-proxy"), null));

            assertThat(page.path("title").asText()).isEqualTo("answered by the upstream proxy");
            assertThat(proxy.requests).anySatisfy(line -> assertThat(line).contains("/through-http-proxy"));
            assertThat(proxy.authorizations).contains(
                    "Basic " + Base64.getEncoder().encodeToString("agent:s3cret".getBytes(StandardCharsets.UTF_8)));
        }
    }

    @Test
    void aSocks5ProxyTunnelsTheSessionsConnections() throws IOException {
        try (CountingSocks5Proxy proxy = new CountingSocks5Proxy("agent", "s3cret")) {
            SessionId id = session(new SessionSpec("default", null,
                    new ProxySettings("socks5://127.0.0.1:" + proxy.port(), "agent", "s3cret"), null, null, null,
                    null));
            JsonNode page = run(id, new Action.Navigate(url("/through-socks"), null));

            assertThat(page.path("title").asText()).isEqualTo("through-socks");
            assertThat(proxy.connections.get()).isPositive();
            assertThat(proxy.targets).contains("127.0.0.1:" + site.getAddress().getPort());
        }
    }

    @Test
    void viewportUserAgentLocaleAndTimezoneApply() {
        SessionId id = session(new SessionSpec("default", new Viewport(800, 600), null, "DormouseAgent/1.0",
                "de-DE", "Asia/Tokyo", null));
        run(id, new Action.Navigate(url("/settings"), null));
        JsonNode settings = run(id, new Action.Evaluate("() => [innerWidth, innerHeight, navigator.userAgent,"
                + " navigator.language, Intl.DateTimeFormat().resolvedOptions().timeZone]", null));
        assertThat(settings.toString()).isEqualTo("[800,600,\"DormouseAgent/1.0\",\"de-DE\",\"Asia/Tokyo\"]");
    }

    private static void assertDenied(SessionId id, Action action, String reasonPart) {
        assertThatThrownBy(() -> run(id, action)).as(action.toString())
                .isInstanceOfSatisfying(ActionException.class, e -> {
                    assertThat(e.error().code()).isEqualTo(ActionError.POLICY_DENIED);
                    assertThat(e.error().message()).contains(reasonPart);
                });
    }

    private static SessionId session(SessionSpec spec) {
        SessionId id = SessionId.random();
        worker.activation().activateFresh(id, 0, spec);
        return id;
    }

    private static JsonNode run(SessionId id, Action action) {
        return contexts.run(id, action, TIMEOUT).json();
    }

    private static String url(String path) {
        return "http://127.0.0.1:" + site.getAddress().getPort() + path;
    }

    /** An HTTP proxy that answers every request itself and remembers what it was asked, with which credentials. */
    private static final class CountingHttpProxy implements AutoCloseable {
        final List<String> requests = new CopyOnWriteArrayList<>();
        final List<String> authorizations = new CopyOnWriteArrayList<>();
        private final ServerSocket server;

        CountingHttpProxy() throws IOException {
            server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            Thread.ofVirtual().start(() -> {
                while (!server.isClosed()) {
                    try {
                        Socket client = server.accept();
                        Thread.ofVirtual().start(() -> answer(client));
                    } catch (IOException e) {
                        return;
                    }
                }
            });
        }

        private void answer(Socket client) {
            try (client) {
                BufferedReader in = new BufferedReader(new InputStreamReader(client.getInputStream(),
                        StandardCharsets.ISO_8859_1));
                requests.add(in.readLine());
                for (String line = in.readLine(); line != null && !line.isEmpty(); line = in.readLine()) {
                    if (line.toLowerCase().startsWith("proxy-authorization:")) {
                        authorizations.add(line.substring(line.indexOf(':') + 1).strip());
                    }
                }
                byte[] body = "<title>answered by the upstream proxy</title>".getBytes(StandardCharsets.UTF_8);
                client.getOutputStream().write(("HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: "
                        + body.length + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
                client.getOutputStream().write(body);
            } catch (IOException e) {
                requests.add("failed: " + e.getMessage());
            }
        }

        int port() {
            return server.getLocalPort();
        }

        @Override
        public void close() throws IOException {
            server.close();
        }
    }

    /** A SOCKS5 proxy that checks username and password, connects where asked and counts its tunnels. */
    private static final class CountingSocks5Proxy implements AutoCloseable {
        final AtomicInteger connections = new AtomicInteger();
        final List<String> targets = new CopyOnWriteArrayList<>();
        private final ServerSocket server;
        private final String username;
        private final String password;

        CountingSocks5Proxy(String username, String password) throws IOException {
            this.username = username;
            this.password = password;
            server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            Thread.ofVirtual().start(() -> {
                while (!server.isClosed()) {
                    try {
                        Socket client = server.accept();
                        Thread.ofVirtual().start(() -> tunnel(client));
                    } catch (IOException e) {
                        return;
                    }
                }
            });
        }

        private void tunnel(Socket client) {
            try (client) {
                DataInputStream in = new DataInputStream(client.getInputStream());
                OutputStream out = client.getOutputStream();
                in.readUnsignedByte();
                in.readFully(new byte[in.readUnsignedByte()]);
                out.write(new byte[]{5, 2});
                in.readUnsignedByte();
                String user = new String(in.readNBytes(in.readUnsignedByte()), StandardCharsets.UTF_8);
                String pass = new String(in.readNBytes(in.readUnsignedByte()), StandardCharsets.UTF_8);
                boolean accepted = user.equals(username) && pass.equals(password);
                out.write(new byte[]{1, (byte) (accepted ? 0 : 1)});
                if (!accepted) {
                    return;
                }
                in.readFully(new byte[3]);
                int type = in.readUnsignedByte();
                String host = type == 3
                        ? new String(in.readNBytes(in.readUnsignedByte()), StandardCharsets.UTF_8)
                        : InetAddress.getByAddress(in.readNBytes(type == 1 ? 4 : 16)).getHostAddress();
                int port = in.readUnsignedShort();
                targets.add(host + ":" + port);
                try (Socket target = new Socket(host, port)) {
                    connections.incrementAndGet();
                    out.write(new byte[]{5, 0, 0, 1, 0, 0, 0, 0, 0, 0});
                    Thread upload = Thread.ofVirtual().start(() -> {
                        try {
                            in.transferTo(target.getOutputStream());
                        } catch (IOException e) {
                            targets.add("upload ended: " + e.getMessage());
                        }
                    });
                    target.getInputStream().transferTo(out);
                    upload.interrupt();
                }
            } catch (IOException e) {
                targets.add("failed: " + e.getMessage());
            }
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
