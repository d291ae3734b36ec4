package io.dormouse.systemtest;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A raw CDP client over the gateway: commands by hand, every message the gateway lets through kept, so tests can
 * assert on exactly what a client sees.
 */
final class CdpSocket implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private volatile WebSocket socket;
    private final BlockingQueue<JsonNode> responses = new LinkedBlockingQueue<>();
    final List<JsonNode> events = new CopyOnWriteArrayList<>();
    final CompletableFuture<Integer> closed = new CompletableFuture<>();
    private final AtomicLong ids = new AtomicLong();

    /** Why a connection was refused before the upgrade: the HTTP status the gateway answered. */
    static final class Refused extends RuntimeException {
        final int status;

        Refused(int status, Throwable cause) {
            super("refused with " + status, cause);
            this.status = status;
        }
    }

    private CdpSocket() {
    }

    static CdpSocket open(String url) {
        return open(url, null);
    }

    /** Connects to {@code url}, with {@code apiKey} as a bearer token when given. */
    static CdpSocket open(String url, String apiKey) {
        CdpSocket client = new CdpSocket();
        WebSocket.Builder builder = HTTP.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(60));
        if (apiKey != null) {
            builder.header("Authorization", "Bearer " + apiKey);
        }
        try {
            client.socket = builder.buildAsync(URI.create(url), client.new Listener()).join();
            return client;
        } catch (CompletionException e) {
            if (e.getCause() instanceof WebSocketHandshakeException handshake) {
                throw new Refused(handshake.getResponse().statusCode(), handshake);
            }
            throw e;
        }
    }

    /** Collects whole messages; the socket's own thread calls it, one message at a time. */
    private final class Listener implements WebSocket.Listener {
        private final StringBuilder partial = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                received(partial.toString());
                partial.setLength(0);
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closed.complete(statusCode);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            closed.complete(-1);
        }
    }

    private void received(String text) {
        try {
            JsonNode message = JSON.readTree(text);
            if (message.has("id")) {
                responses.add(message);
            } else {
                events.add(message);
            }
        } catch (IOException e) {
            throw new IllegalStateException("the gateway sent something that is not JSON: " + text, e);
        }
    }

    /** Sends a command and returns its response (with {@code result} or {@code error}). */
    JsonNode call(String method, ObjectNode params) throws InterruptedException {
        return call(null, method, params);
    }

    JsonNode call(String sessionId, String method, ObjectNode params) throws InterruptedException {
        long id = ids.incrementAndGet();
        ObjectNode command = JSON.createObjectNode().put("id", id).put("method", method);
        command.set("params", params == null ? JSON.createObjectNode() : params);
        if (sessionId != null) {
            command.put("sessionId", sessionId);
        }
        socket.sendText(command.toString(), true).join();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            JsonNode response = responses.poll(100, TimeUnit.MILLISECONDS);
            if (response != null && response.path("id").asLong() == id) {
                return response;
            }
            if (closed.isDone()) {
                throw new IllegalStateException("the gateway closed the socket (" + closed.getNow(0) + ") before "
                        + method + " was answered");
            }
        }
        throw new IllegalStateException("no answer to " + method + " in 30 s");
    }

    static ObjectNode params() {
        return JSON.createObjectNode();
    }

    @Override
    public void close() {
        if (!socket.isOutputClosed()) {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").orTimeout(5, TimeUnit.SECONDS)
                    .exceptionally(ignored -> null).join();
        }
    }
}
