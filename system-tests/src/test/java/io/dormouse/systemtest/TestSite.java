package io.dormouse.systemtest;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
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

    /** Requests per path under {@code /tall/}. */
    final Map<String, Integer> hits = new ConcurrentHashMap<>();

    private final HttpServer server;

    TestSite() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/state.html", exchange -> respond(exchange, STATE_PAGE));
        server.createContext("/plain.html", exchange -> respond(exchange, PLAIN_PAGE));
        server.createContext("/noise.html", exchange -> respond(exchange, NOISE_PAGE));
        server.createContext("/tall/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            hits.merge(path, 1, Integer::sum);
            respond(exchange, TALL_PAGE.replace("PATH", path));
        });
        server.createContext("/heavy.html", exchange -> respond(exchange, HEAVY_PAGE));
        server.createContext("/leak.html", exchange -> respond(exchange, LEAK_PAGE));
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
