package io.dormouse.registry.gateway;

import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketBase;

/**
 * Relays a client's socket and the worker's, message for message, in both directions. A side that cannot keep up
 * pauses the other; when one closes, so does the other, with its close code and reason (a worker that lets the client
 * go because the session left says so).
 */
final class CdpPipe {
    private static final short GOING_AWAY = 1001;

    private CdpPipe() {
    }

    static void between(ServerWebSocket client, WebSocket worker) {
        client.textMessageHandler(message -> send(worker, client, message));
        client.binaryMessageHandler(message -> {
            if (!worker.isClosed()) {
                worker.writeBinaryMessage(message);
            }
        });
        worker.textMessageHandler(message -> send(client, worker, message));
        client.closeHandler(ignored -> close(worker, client));
        worker.closeHandler(ignored -> close(client, worker));
        client.exceptionHandler(ignored -> close(worker, client));
        worker.exceptionHandler(ignored -> close(client, worker));
    }

    private static void send(WebSocketBase to, WebSocketBase from, String message) {
        if (to.isClosed()) {
            return;
        }
        to.writeTextMessage(message);
        if (to.writeQueueFull()) {
            from.pause();
            to.drainHandler(ignored -> from.resume());
        }
    }

    /** Closes {@code other} the way {@code closed} was closed. */
    private static void close(WebSocketBase other, WebSocketBase closed) {
        if (other.isClosed()) {
            return;
        }
        Short code = closed.closeStatusCode();
        String reason = closed.closeReason();
        if (code == null || code == 1005 || code == 1006 || code == 1015) {
            other.close(GOING_AWAY, "the other side of the gateway went away");
        } else {
            other.close(code, reason == null ? "" : reason);
        }
    }
}
