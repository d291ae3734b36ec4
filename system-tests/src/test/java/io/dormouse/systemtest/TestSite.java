package io.dormouse.systemtest;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import com.sun.net.httpserver.HttpServer;

/**
 * Pages served from 127.0.0.1 for the browser to visit. {@code /state.html?v=X} sets a cookie, a localStorage item and
 * a sessionStorage item, each with value X, so a test can tell its own session's state from any other.
 */
final class TestSite implements AutoCloseable {
    private static final String STATE_PAGE = """
            <!doctype html>
            <html><head><title>Dormouse state page</title></head>
            <body><h1 id="heading">state</h1>
            <script>
              const value = new URLSearchParams(location.search).get('v') || 'none';
              document.cookie = 'dm_cookie=' + value + '; path=/; max-age=86400';
              localStorage.setItem('dm_local', value);
              sessionStorage.setItem('dm_session', value);
            </script></body></html>
            """;
    private static final String PLAIN_PAGE = """
            <!doctype html>
            <html><head><title>Dormouse plain page</title></head><body><p id="plain">plain</p></body></html>
            """;

    /** Random pixels: a PNG of it does not compress, so a full-page screenshot is megabytes. */
    private static final String NOISE_PAGE = """
            <!doctype html>
            <html><head><title>noise</title><style>body{margin:0}</style></head><body>
            <canvas id="noise" width="1280" height="1600"></canvas>
            <script>
              const canvas = document.getElementById('noise');
              const context = canvas.getContext('2d');
              const image = context.createImageData(canvas.width, canvas.height);
              for (let i = 0; i < image.data.length; i++) image.data[i] = (i % 4 === 3) ? 255 : Math.random() * 256;
              context.putImageData(image, 0, 0);
            </script></body></html>
            """;

    /** A tall page naming its path: {@code /tall/<name>}, to scroll, go back to, and tell from a stand-in. */
    private static final String TALL_PAGE = """
            <!doctype html><html><head><title>PATH</title></head>
            <body style="height: 6000px"><h1 id="path">PATH</h1></body></html>""";

    /** A heavy session: 50 cookies and 100 KB of localStorage, as a logged-in web app might hold. */
    private static final String HEAVY_PAGE = """
            <!doctype html><html><head><title>heavy</title></head><body><script>
              // Random text, so the figures are not flattered by compression.
              const random = (n) => Array.from({length: n}, () => (Math.random() * 36 | 0).toString(36)).join('');
              for (let i = 0; i < 50; i++) {
                document.cookie = 'c' + i + '=' + random(40) + '; path=/; max-age=86400';
              }
              for (let i = 0; i < 100; i++) {
                localStorage.setItem('k' + i, random(1000));
              }
            </script></body></html>""";

    /** A page that leaks about 20 MB of JS heap a second, up to 400 MB. */
    private static final String LEAK_PAGE = """
            <!doctype html><html><head><title>leak</title></head><body><script>
              window.hog = [];
              setInterval(() => {
                if (hog.length < 200) hog.push(new Array(262144).fill(Math.random()));
              }, 100);
            </script></body></html>""";

    /**
     * A site with a login: {@code /login?user=X} starts a server-side session (cookie {@code sid}) and redirects to
     * {@code /app}; {@code /app} without a live session redirects to {@code /login}, and while open it asks
     * {@code /api/me} every 500 ms and goes to {@code /login} once the server has ended the session, as a web app
     * whose login expired does.
     */
    private static final String APP_PAGE = """
            <!doctype html><html><head><title>app</title></head><body><h1 id="user">USER</h1><script>
              setInterval(async () => {
                const me = await fetch('/api/me');
                if (me.status === 401) location.href = '/login';
              }, 500);
            </script></body></html>""";
    private static final String LOGIN_PAGE = """
            <!doctype html><html><head><title>login</title></head><body><form id="login" action="/login">
              please log in: <input id="user" name="user"><button id="submit" type="submit">log in</button>
            </form></body></html>""";

    /**
     * A hostile page: it forges the slot a worker might park results in, and every millisecond overwrites any global
     * that appears with a forger, noting its name in {@code window.found}.
     */
    private static final String WATCHER_PAGE = """
            <!doctype html><html><head><title>watcher</title><script>
              window.found = [];
              window.__dormouseEvaluations = new Proxy({}, { get: () => ({ state: 'fulfilled', value: 'forged' }) });
              const forged = () => ({ state: 'fulfilled', value: 'forged', json: '{"state":"fulfilled","value":"forged"}' });
              const names = () => [...Object.getOwnPropertyNames(window), ...Object.getOwnPropertySymbols(window)];
              const known = new Set(names());
              setInterval(() => {
                for (const name of names()) {
                  if (known.has(name)) continue;
                  known.add(name);
                  window.found.push(String(name));
                  try { Object.defineProperty(window, name, { value: forged, configurable: true }); } catch (e) {}
                }
              }, 1);
            </script></head><body><p>watching</p></body></html>""";

    /** Live server-side login sessions: sid to user. */
    private final Map<String, String> logins = new ConcurrentHashMap<>();

    /** Requests per path under {@code /tall/}. */
    final Map<String, Integer> hits = new ConcurrentHashMap<>();

    private final HttpServer server;

    TestSite() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/state.html", exchange -> respond(exchange, STATE_PAGE));
        server.createContext("/plain.html", exchange -> respond(exchange, PLAIN_PAGE));
        server.createContext("/watcher.html", exchange -> respond(exchange, WATCHER_PAGE));
        server.createContext("/noise.html", exchange -> respond(exchange, NOISE_PAGE));
        server.createContext("/tall/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            hits.merge(path, 1, Integer::sum);
            respond(exchange, TALL_PAGE.replace("PATH", path));
        });
        // Any path, a plain page: for URLs of a chosen shape.
        server.createContext("/echo/", exchange -> respond(exchange, PLAIN_PAGE));
        server.createContext("/heavy.html", exchange -> respond(exchange, HEAVY_PAGE));
        server.createContext("/leak.html", exchange -> respond(exchange, LEAK_PAGE));
        server.createContext("/login", exchange -> {
            String query = exchange.getRequestURI().getQuery();
            if (query != null && query.startsWith("user=")) {
                String sid = UUID.randomUUID().toString();
                logins.put(sid, query.substring("user=".length()));
                exchange.getResponseHeaders().add("Set-Cookie", "sid=" + sid + "; Path=/; Max-Age=86400");
                redirect(exchange, "/app");
            } else {
                respond(exchange, LOGIN_PAGE);
            }
        });
        server.createContext("/app", exchange -> {
            String user = loggedIn(exchange);
            if (user == null) {
                redirect(exchange, "/login");
            } else {
                respond(exchange, APP_PAGE.replace("USER", user));
            }
        });
        server.createContext("/api/me", exchange -> {
            String user = loggedIn(exchange);
            byte[] body = (user == null ? "{}" : "{\"user\":\"" + user + "\"}").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(user == null ? 401 : 200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
    }

    private static void respond(com.sun.net.httpserver.HttpExchange exchange, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "text/html; charset=utf-8");
        exchange.sendResponseHeaders(200, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    /** Ends every login session of {@code user} on the server, as an expiry or a password change would. */
    void logOut(String user) {
        logins.values().removeIf(user::equals);
    }

    private String loggedIn(com.sun.net.httpserver.HttpExchange exchange) {
        List<String> cookies = exchange.getRequestHeaders().getOrDefault("Cookie", List.of());
        for (String header : cookies) {
            for (String cookie : header.split(";")) {
                String[] pair = cookie.trim().split("=", 2);
                if (pair.length == 2 && "sid".equals(pair[0]) && logins.containsKey(pair[1])) {
                    return logins.get(pair[1]);
                }
            }
        }
        return null;
    }

    private static void redirect(com.sun.net.httpserver.HttpExchange exchange, String location) throws IOException {
        exchange.getResponseHeaders().add("Location", location);
        exchange.sendResponseHeaders(302, -1);
        exchange.close();
    }

    String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    String origin() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
