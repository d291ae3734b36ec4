package io.dormouse.mcp;

import java.io.PrintStream;
import java.time.Duration;

import jakarta.inject.Inject;

import io.dormouse.client.DormouseClient;
import io.dormouse.mcp.config.McpConfig;
import io.dormouse.mcp.transport.StdioLedger;
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
    /** The longest the server waits, after the host closed its input, for the answers still owed. */
    private static final Duration DRAIN = Duration.ofSeconds(120);

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
        StdioLedger ledger = new StdioLedger(DRAIN);
        McpSyncServer server = McpServers.forOneClient(McpServer.sync(new StdioServerTransportProvider(
                McpJsonDefaults.getMapper(), ledger.input(System.in), ledger.output(protocol))), client);
        // A host that closes its input right after its last requests still gets their answers.
        ledger.awaitInputClosed();
        server.closeGracefully();
        return 0;
    }
}
