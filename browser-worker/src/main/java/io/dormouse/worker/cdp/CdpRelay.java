package io.dormouse.worker.cdp;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketBase;

/**
 * One gateway client's connection: the client's socket, a browser-level DevTools socket of its own, and the
 * {@link CdpFilter} between them. Both sockets live on one event loop, so the filter needs no locking.
 * <p>
 * A browser that cannot keep up pauses the client. A client that cannot keep up does not pause the browser: the
 * filter must go on reading it to let go of other sessions' targets that auto-attach paused, or a client that stopped
 * reading would stall every session's new pages. A client whose messages stay unread for {@link #SLOW_CLIENT} is
 * disconnected instead.
 */
final class CdpRelay implements CdpFilter.Outbox {
    /** WebSocket close code for "going away": the session left this worker, or the worker stops. */
    static final short GOING_AWAY = 1001;
    static final short NORMAL = 1000;
    /** WebSocket close code for "policy violation": the client does not read what it is sent. */
    static final short POLICY = 1008;
    static final long SLOW_CLIENT = 10_000_000_000L;

    final String connectionId;
    private final ServerWebSocket client;
    private final WebSocket browser;
    private final CdpFilter filter;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final AtomicLong messages = new AtomicLong();
    private volatile String reason;
    /** Since when the client's write queue is full ({@link System#nanoTime()}), 0 while it is not. */
    private long clientFullSince;

    CdpRelay(String connectionId, ServerWebSocket client, WebSocket browser, CdpFilter.Factory filters) {
        this.connectionId = connectionId;
        this.client = client;
        this.browser = browser;
        this.filter = filters.create(this);
    }

    /**
     * Starts relaying. {@code onActivity} runs for every client message; {@code onClose} once, with the reason, when
     * either side goes.
     */
    void start(Runnable onActivity, Consumer<String> onClose) {
        client.textMessageHandler(text -> {
            messages.incrementAndGet();
            onActivity.run();
            filter.fromClient(text);
        });
        client.binaryMessageHandler(binary -> filter.fromClient(binary.toString()));
        browser.textMessageHandler(filter::fromBrowser);
        client.closeHandler(ignored -> finish(onClose, "client"));
        browser.closeHandler(ignored -> finish(onClose, "session-closed"));
        client.exceptionHandler(ignored -> finish(onClose, "client"));
        browser.exceptionHandler(ignored -> finish(onClose, "session-closed"));
    }

    private void finish(Consumer<String> onClose, String side) {
        if (closed.compareAndSet(false, true)) {
            String why = reason != null ? reason : side;
            closeQuietly(browser, NORMAL, "gateway client left");
            closeQuietly(client, why.equals("client") ? NORMAL : GOING_AWAY, why);
            onClose.accept(why);
        }
    }

    /** Lets the client go, from any thread: the session left this worker or the worker stops. */
    void close(String why) {
        reason = why;
        closeQuietly(client, GOING_AWAY, why);
        closeQuietly(browser, NORMAL, why);
    }

    long messages() {
        return messages.get();
    }

    @Override
    public void toBrowser(String message) {
        send(browser, client, message);
    }

    @Override
    public void toClient(String message) {
        if (client.isClosed()) {
            return;
        }
        client.writeTextMessage(message);
        if (!client.writeQueueFull()) {
            return;
        }
        long now = System.nanoTime();
        if (clientFullSince == 0) {
            clientFullSince = now;
            client.drainHandler(ignored -> clientFullSince = 0);
        } else if (now - clientFullSince > SLOW_CLIENT) {
            reason = "client";
            client.close(POLICY, "the client left its messages unread for 10 s");
        }
    }

    @Override
    public void disconnect() {
        reason = "client";
        // Flushed after the answer to Browser.close, which the client waits for before it lets go.
        client.close(NORMAL, "Browser.close: disconnected, the session stays");
    }

    /** Writes to {@code to}; while its queue is full, {@code from} is not read. */
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

    private static void closeQuietly(WebSocketBase socket, short code, String why) {
        if (!socket.isClosed()) {
            // A close reason has at most 123 bytes.
            socket.close(code, why.length() > 120 ? why.substring(0, 120) : why);
        }
    }
}
