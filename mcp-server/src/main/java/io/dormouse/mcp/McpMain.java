package io.dormouse.mcp;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;

import jakarta.inject.Inject;

import io.dormouse.client.DormouseClient;
import io.dormouse.mcp.config.McpConfig;
import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.transport.StdioServerTransportProvider;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.QuarkusApplication;
import io.quarkus.runtime.annotations.QuarkusMain;

/**
 * Runs the server: over HTTP it waits for the application to be stopped; over stdio it serves the host on its pipes
 * until the host closes standard input, and nothing but MCP messages reaches standard output.
 */
@QuarkusMain
public class McpMain implements QuarkusApplication {
    @Inject
    McpConfig config;

    @Override
    public int run(String... args) throws Exception {
        if (config.transport() == McpConfig.Transport.http) {
            Quarkus.waitForExit();
            return 0;
        }
        PrintStream protocol = System.out;
        // Whatever a library prints must not land among the host's messages.
        System.setOut(System.err);
        String key = config.apiKey().filter(value -> !value.isBlank()).orElse(null);
        if (key == null) {
            System.err.println("dormouse mcp: set DORMOUSE_API_KEY (an agent key of your tenant) in the server's"
                    + " environment");
            return 2;
        }
        DormouseClient client = DormouseClient.builder().url(config.registryUrl()).apiKey(key)
                .timeout(Duration.ofSeconds(60)).build();
        CountDownLatch closed = new CountDownLatch(1);
        InputStream input = new FilterInputStream(System.in) {
            @Override
            public int read(byte[] buffer, int offset, int length) throws IOException {
                int read = super.read(buffer, offset, length);
                if (read < 0) {
                    closed.countDown();
                }
                return read;
            }

            @Override
            public int read() throws IOException {
                int read = super.read();
                if (read < 0) {
                    closed.countDown();
                }
                return read;
            }
        };
        McpSyncServer server = McpServers.forOneClient(
                McpServer.sync(new StdioServerTransportProvider(McpJsonDefaults.getMapper(), input, protocol)),
                client);
        closed.await();
        server.closeGracefully();
        return 0;
    }
}
