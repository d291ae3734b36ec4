package io.dormouse.systemtest;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A worker's Chromium seen from outside, over the DevTools port it opens when started with
 * {@code --remote-debugging-port}: how a test crashes a page the way a renderer crash would, without the worker's help.
 */
final class DevTools {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final int port;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    DevTools(int port) {
        this.port = port;
    }

    /** The flag that opens the port, for the worker's Chromium arguments. */
    String flag() {
        return "--remote-debugging-port=" + port;
    }

    /** Sends {@code Page.crash} to the one page whose URL contains {@code urlPart}. */
    void crashPage(String urlPart) throws Exception {
        String debuggerUrl = null;
        for (JsonNode target : JSON.readTree(http.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/json/list")).build(),
                HttpResponse.BodyHandlers.ofString()).body())) {
            if ("page".equals(target.path("type").asText()) && target.path("url").asText().contains(urlPart)) {
                if (debuggerUrl != null) {
                    throw new IllegalStateException("more than one page at " + urlPart);
                }
                debuggerUrl = target.get("webSocketDebuggerUrl").asText();
            }
        }
        if (debuggerUrl == null) {
            throw new IllegalStateException("no page at " + urlPart);
        }
        WebSocket socket = http.newWebSocketBuilder().buildAsync(URI.create(debuggerUrl), new WebSocket.Listener() {
        }).get(5, TimeUnit.SECONDS);
        socket.sendText("{\"id\":1,\"method\":\"Page.crash\"}", true).get(5, TimeUnit.SECONDS);
        // The renderer dies before it can answer, so no reply is awaited; the socket is dropped once Chromium has
        // surely read the message, without holding up the caller that is timing the crash.
        CompletableFuture.delayedExecutor(2, TimeUnit.SECONDS).execute(socket::abort);
    }
}
