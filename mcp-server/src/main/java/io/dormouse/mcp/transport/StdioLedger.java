package io.dormouse.mcp.transport;

import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;

import io.dormouse.protocol.ProtocolJson;

/**
 * Keeps count of the host's requests on stdio that are still unanswered, by reading the newline-delimited JSON-RPC
 * messages both ways, so the server can answer what it read before the host closed its input (a script piping
 * requests in closes it at once) and then go.
 */
public final class StdioLedger {
    private final AtomicInteger unanswered = new AtomicInteger();
    private final CountDownLatch inputClosed = new CountDownLatch(1);
    private final Duration drain;

    /** {@code drain}: the longest the end of input waits for the answers still owed. */
    public StdioLedger(Duration drain) {
        this.drain = drain;
    }

    /** The host's input, counted: each request (a message with an id and a method) awaits an answer. */
    public InputStream input(InputStream in) {
        return new FilterInputStream(in) {
            private final Lines lines = new Lines(true);

            @Override
            public int read(byte[] buffer, int offset, int length) throws IOException {
                int read = super.read(buffer, offset, length);
                if (read < 0) {
                    // The SDK closes its session at the end of input, dropping answers not yet written: it gets
                    // the end only once every request read has been answered.
                    try {
                        awaitAnswers(drain);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    inputClosed.countDown();
                } else {
                    lines.add(buffer, offset, read);
                }
                return read;
            }

            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                int read = read(one, 0, 1);
                return read < 0 ? -1 : one[0] & 0xff;
            }
        };
    }

    /** The server's output, counted: each response (a message with an id and no method) answers one request. */
    public OutputStream output(OutputStream out) {
        return new FilterOutputStream(out) {
            private final Lines lines = new Lines(false);

            @Override
            public void write(byte[] bytes, int offset, int length) throws IOException {
                out.write(bytes, offset, length);
                lines.add(bytes, offset, length);
            }

            @Override
            public void write(int b) throws IOException {
                write(new byte[]{(byte) b}, 0, 1);
            }
        };
    }

    /** Waits until the host closed its input and every request it sent was answered (or the drain time passed). */
    public void awaitInputClosed() throws InterruptedException {
        inputClosed.await();
    }

    /** Waits until every request read has been answered, or {@code limit} passed. */
    private boolean awaitAnswers(Duration limit) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (unanswered.get() > 0) {
            if (System.nanoTime() >= deadline) {
                return false;
            }
            TimeUnit.MILLISECONDS.sleep(20);
        }
        return true;
    }

    /** Splits a byte stream into lines and counts the JSON-RPC requests (input) or responses (output) among them. */
    private final class Lines {
        private final boolean requests;
        private final ByteArrayOutputStream line = new ByteArrayOutputStream();

        Lines(boolean requests) {
            this.requests = requests;
        }

        synchronized void add(byte[] bytes, int offset, int length) {
            for (int i = offset; i < offset + length; i++) {
                if (bytes[i] == '\n') {
                    count(line.toByteArray());
                    line.reset();
                } else {
                    line.write(bytes[i]);
                }
            }
        }

        private void count(byte[] message) {
            JsonNode json;
            try {
                json = ProtocolJson.mapper().readTree(message);
            } catch (IOException notJson) {
                // The SDK answers a line that is not JSON-RPC with an error of its own, or not at all: not counted.
                return;
            }
            if (json == null || !json.has("id")) {
                return;
            }
            if (requests && json.has("method")) {
                unanswered.incrementAndGet();
            } else if (!requests && !json.has("method")) {
                unanswered.decrementAndGet();
            }
        }
    }
}
