package io.dormouse.mcp.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/** A host that closes its input right after its requests: the end reaches the SDK only once they are answered. */
class StdioLedgerTest {
    private static final String REQUESTS = """
            {"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"click","arguments":{"session_id":"x"}}}
            {"jsonrpc":"2.0","method":"notifications/initialized"}
            {"jsonrpc":"2.0","id":"two","method":"tools/list"}
            """;

    @Test
    void theEndOfInputWaitsForEveryAnswerOwed() throws Exception {
        StdioLedger ledger = new StdioLedger(Duration.ofSeconds(10));
        InputStream in = ledger.input(new ByteArrayInputStream(REQUESTS.getBytes(StandardCharsets.UTF_8)));
        OutputStream out = ledger.output(new ByteArrayOutputStream());
        byte[] buffer = new byte[8192];
        assertThat(in.read(buffer)).isEqualTo(REQUESTS.length());

        CompletableFuture<Integer> end = CompletableFuture.supplyAsync(() -> read(in, buffer));
        TimeUnit.MILLISECONDS.sleep(300);
        assertThat(end).as("two requests unanswered").isNotDone();
        // A log notification and a split line are no answers; the first answer is.
        out.write("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/message\"}\n{\"jsonrpc\":\"2.0\",".getBytes());
        out.write("\"id\":1,\"result\":{}}\n".getBytes());
        TimeUnit.MILLISECONDS.sleep(300);
        assertThat(end).as("one request unanswered").isNotDone();
        out.write("{\"jsonrpc\":\"2.0\",\"id\":\"two\",\"result\":{\"tools\":[]}}\n".getBytes());
        assertThat(end.get(5, TimeUnit.SECONDS)).isEqualTo(-1);
        ledger.awaitInputClosed();
    }

    @Test
    void anAnswerThatNeverComesHoldsTheEndOnlyForTheDrainTime() throws Exception {
        StdioLedger ledger = new StdioLedger(Duration.ofMillis(500));
        InputStream in = ledger.input(new ByteArrayInputStream(REQUESTS.getBytes(StandardCharsets.UTF_8)));
        byte[] buffer = new byte[8192];
        in.read(buffer);
        long started = System.nanoTime();
        assertThat(in.read(buffer)).isEqualTo(-1);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isBetween(Duration.ofMillis(400),
                Duration.ofSeconds(5));
    }

    private static int read(InputStream in, byte[] buffer) {
        try {
            return in.read(buffer);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
