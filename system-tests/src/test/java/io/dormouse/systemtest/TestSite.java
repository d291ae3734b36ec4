package io.dormouse.systemtest;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

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

    private final HttpServer server;

    TestSite() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/state.html", exchange -> respond(exchange, STATE_PAGE));
        server.createContext("/plain.html", exchange -> respond(exchange, PLAIN_PAGE));
        server.createContext("/noise.html", exchange -> respond(exchange, NOISE_PAGE));
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
