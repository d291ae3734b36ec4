package io.dormouse.systemtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.dormouse.protocol.ProtocolJson;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.client.transport.ServerParameters;
import io.modelcontextprotocol.client.transport.StdioClientTransport;
import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;

/**
 * The MCP server as hosts use it, with the SDK's own MCP client against the real stack: over stdio (the host starts
 * the server, and starts it again later) a model logs in to a local site by the references of the page's ARIA
 * snapshot and finds the login after the restart; over HTTP each API key sees only its own tenant's sessions.
 */
class McpServerIT {
    private static final System.Logger LOG = System.getLogger(McpServerIT.class.getName());
    private static final Duration TIMEOUT = Duration.ofSeconds(90);
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static DormouseStack stack;
    private static TestSite site;
    private static String key;
    private static String otherKey;
    private static ServiceProcess httpServer;
    private static Path jar;

    @BeforeAll
    static void start() throws Exception {
        stack = DormouseStack.shared();
        site = new TestSite();
        Api operator = new Api(stack.registry().baseUrl());
        String tenant = "mcp-" + UUID.randomUUID().toString().substring(0, 8);
        key = operator.tenantKey(tenant);
        otherKey = operator.tenantKey(tenant + "-other");
        Path root = Path.of(System.getProperty("dormouse.root", ".."));
        jar = root.resolve("mcp-server/target/quarkus-app/quarkus-run.jar");
        Path logs = root.resolve("system-tests/target/mcp-" + tenant);
        Files.createDirectories(logs);
        httpServer = new ServiceProcess("mcp-server", jar, DormouseStack.freePort(), logs,
                Map.of("DORMOUSE_URL", stack.registry().baseUrl(), "QUARKUS_HTTP_HOST", "127.0.0.1",
                        "QUARKUS_LOG_CONSOLE_JSON_ENABLED", "false"));
        httpServer.start().awaitReady(Duration.ofSeconds(120));
    }

    @AfterAll
    static void stop() throws Exception {
        if (httpServer != null) {
            httpServer.stop();
        }
    }

    @Test
    void overStdioAModelLogsInByTheSnapshotsReferencesAndFindsTheLoginAfterTheHostRestarts() throws Exception {
        logInRestartAndGoOn(() -> stdioHost(key));
    }

    @Test
    void overHttpAModelLogsInByTheSnapshotsReferencesAndFindsTheLoginAfterTheHostRestarts() throws Exception {
        logInRestartAndGoOn(() -> httpHost(key));
    }

    /** The whole story with a host from {@code hosts}: a second host, knowing only the id, goes on after the first. */
    private static void logInRestartAndGoOn(Supplier<McpSyncClient> hosts) {
        String id;
        try (McpSyncClient host = hosts.get()) {
            host.initialize();
            assertThat(host.listTools().tools()).extracting(McpSchema.Tool::name).contains("session_create",
                    "session_resume", "navigate", "aria_snapshot", "fill", "click", "screenshot");

            JsonNode created = ok(host, "session_create", Map.of("profile", "mcp-it", "tags", List.of("mcp-it")));
            id = created.path("session_id").asText();
            assertThat(id).startsWith("ses_");
            ok(host, "navigate", Map.of("session_id", id, "url", site.url("/login")));

            String snapshot = ok(host, "aria_snapshot", Map.of("session_id", id)).path("result").asText();
            String field = reference(snapshot, "textbox");
            String button = reference(snapshot, "button \"log in\"");
            ok(host, "fill", Map.of("session_id", id, "selector", "aria-ref=" + field, "value", "ada"));
            JsonNode clicked = ok(host, "click", Map.of("session_id", id, "selector", "aria-ref=" + button));
            assertThat(clicked.path("session_id").asText()).isEqualTo(id);
            assertThat(clicked.path("state").asText()).isEqualTo("ACTIVE");
            ok(host, "wait_for", Map.of("session_id", id, "regex", ".*/app$"));
            assertThat(ok(host, "session_hibernate", Map.of("session_id", id)).path("state").asText())
                    .isEqualTo("HIBERNATED");
        }

        // A new host process, knowing only the stored id.
        try (McpSyncClient host = hosts.get()) {
            host.initialize();
            assertThat(ok(host, "session_resume", Map.of("session_id", id)).path("state").asText())
                    .isEqualTo("ACTIVE");
            JsonNode user = ok(host, "evaluate", Map.of("session_id", id, "expression",
                    "document.querySelector('#user').textContent"));
            assertThat(user.path("result").asText()).isEqualTo("ada");

            McpSchema.CallToolResult screenshot = call(host, "screenshot", Map.of("session_id", id));
            assertThat(screenshot.isError()).isFalse();
            McpSchema.ImageContent image = screenshot.content().stream()
                    .filter(McpSchema.ImageContent.class::isInstance).map(McpSchema.ImageContent.class::cast)
                    .findFirst().orElseThrow();
            assertThat(image.mimeType()).isEqualTo("image/png");
            byte[] png = Base64.getDecoder().decode(image.data());
            assertThat(png).startsWith(0x89, 'P', 'N', 'G');

            JsonNode denied = failed(host, "navigate", Map.of("session_id", id, "url",
                    "http://169.254.169.254/latest/meta-data/"));
            assertThat(denied.at("/error/code").asText()).isEqualTo("policy-denied");
            assertThat(denied.path("session_id").asText()).isEqualTo(id);

            JsonNode badCall = failed(host, "click", Map.of("session_id", id, "selector", "#x", "force", true));
            assertThat(badCall.at("/error/code").asText()).isEqualTo("invalid-request");

            JsonNode history = ok(host, "session_history", Map.of("session_id", id, "limit", 200));
            assertThat(history.path("entries").toString()).contains("navigate", "click");
            ok(host, "session_delete", Map.of("session_id", id));
        }
    }

    @Test
    void overHttpEachKeySeesOnlyItsOwnTenantsSessions() throws Exception {
        try (McpSyncClient mine = httpHost(key); McpSyncClient theirs = httpHost(otherKey)) {
            mine.initialize();
            theirs.initialize();
            String id = ok(mine, "session_create", Map.of("tags", List.of("mcp-http"))).path("session_id").asText();
            ok(mine, "navigate", Map.of("session_id", id, "url", site.url("/plain.html")));

            JsonNode resource = ProtocolJson.decode(((McpSchema.TextResourceContents) mine
                    .readResource(new McpSchema.ReadResourceRequest("dormouse://sessions/" + id)).contents().get(0))
                    .text(), JsonNode.class);
            assertThat(resource.path("state").asText()).isEqualTo("ACTIVE");
            assertThat(resource.at("/page/url").asText()).endsWith("/plain.html");

            assertThat(ok(theirs, "session_list", Map.of()).path("sessions").toString()).doesNotContain(id);
            assertThat(failed(theirs, "navigate", Map.of("session_id", id, "url", site.url("/state.html")))
                    .at("/error/code").asText()).isEqualTo("session-not-found");
            assertThat(failed(theirs, "session_delete", Map.of("session_id", id)).at("/error/code").asText())
                    .isEqualTo("session-not-found");
            // Another tenant's session does not exist for this key: the same answer as an unknown id.
            assertThatThrownBy(() -> theirs.readResource(
                    new McpSchema.ReadResourceRequest("dormouse://sessions/" + id))).isInstanceOf(McpError.class)
                    .hasMessageContaining("Resource not found");
            // Nothing the other tenant tried changed the session.
            assertThat(ok(mine, "evaluate", Map.of("session_id", id, "expression", "location.pathname"))
                    .path("result").asText()).isEqualTo("/plain.html");
            ok(mine, "session_delete", Map.of("session_id", id));
        }
    }

    @Test
    void overHttpNoKeyAWrongKeyOrAWebPageGetsNoFurther() throws Exception {
        String initialize = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":"
                + "\"2025-06-18\",\"capabilities\":{},\"clientInfo\":{\"name\":\"it\",\"version\":\"1\"}}}";
        for (String authorization : new String[]{null, "Bearer dmk_not_a_key", "Basic YTpi", "Bearer "}) {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(mcpUrl()))
                    .header("Content-Type", "application/json").header("Accept", "application/json, text/event-stream")
                    .POST(HttpRequest.BodyPublishers.ofString(initialize));
            if (authorization != null) {
                request.header("Authorization", authorization);
            }
            HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(String.valueOf(authorization)).isEqualTo(401);
            assertThat(response.body()).doesNotContain("protocolVersion");
        }
        // A web page (the one a session visits, say) that got hold of a key still cannot call from a browser.
        HttpResponse<String> fromAPage = HTTP.send(HttpRequest.newBuilder(URI.create(mcpUrl()))
                .header("Content-Type", "application/json").header("Accept", "application/json, text/event-stream")
                .header("Authorization", "Bearer " + key).header("Origin", "http://evil.example")
                .POST(HttpRequest.BodyPublishers.ofString(initialize)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(fromAPage.statusCode()).as(fromAPage.body()).isEqualTo(403);
        assertThat(fromAPage.body()).doesNotContain("protocolVersion");
        try (McpSyncClient wrong = httpHost("dmk_not_a_key")) {
            assertThatThrownBy(wrong::initialize).isNotNull();
        }
    }

    private static String mcpUrl() {
        return "http://127.0.0.1:" + httpServer.port + "/mcp";
    }

    private static McpSyncClient stdioHost(String apiKey) {
        String java = ProcessHandle.current().info().command().orElse("java");
        ServerParameters server = ServerParameters.builder(java)
                .args("-Xmx256m", "-XX:TieredStopAtLevel=1", "-Dquarkus.profile=stdio", "-jar", jar.toString())
                .env(Map.of("DORMOUSE_URL", stack.registry().baseUrl(), "DORMOUSE_API_KEY", apiKey)).build();
        return McpClient.sync(new StdioClientTransport(server, McpJsonDefaults.getMapper())).requestTimeout(TIMEOUT)
                .initializationTimeout(TIMEOUT).build();
    }

    private static McpSyncClient httpHost(String apiKey) {
        HttpClientStreamableHttpTransport transport = HttpClientStreamableHttpTransport
                .builder("http://127.0.0.1:" + httpServer.port).endpoint("/mcp")
                .requestBuilder(HttpRequest.newBuilder().header("Authorization", "Bearer " + apiKey)).build();
        return McpClient.sync(transport).requestTimeout(TIMEOUT).initializationTimeout(TIMEOUT).build();
    }

    /** One tool call, logged as a transcript line (the README shows one). */
    private static McpSchema.CallToolResult call(McpSyncClient host, String tool, Map<String, Object> arguments) {
        McpSchema.CallToolResult result = host.callTool(new McpSchema.CallToolRequest(tool, arguments));
        String text = result.content().stream().map(content -> content instanceof McpSchema.TextContent words
                ? words.text()
                : "[" + content.type() + "]").reduce((a, b) -> a + " " + b).orElse("");
        LOG.log(System.Logger.Level.INFO, "TRANSCRIPT > {0} {1}\nTRANSCRIPT < {2}{3}", tool,
                ProtocolJson.encode(arguments), Boolean.TRUE.equals(result.isError()) ? "(error) " : "",
                text.length() > 400 ? text.substring(0, 400) + "…" : text);
        return result;
    }

    private static JsonNode ok(McpSyncClient host, String tool, Map<String, Object> arguments) {
        McpSchema.CallToolResult result = call(host, tool, arguments);
        JsonNode body = text(result);
        assertThat(result.isError()).as(tool + " " + body).isFalse();
        return body;
    }

    private static JsonNode failed(McpSyncClient host, String tool, Map<String, Object> arguments) {
        McpSchema.CallToolResult result = call(host, tool, arguments);
        JsonNode body = text(result);
        assertThat(result.isError()).as(tool + " " + body).isTrue();
        return body;
    }

    private static JsonNode text(McpSchema.CallToolResult result) {
        return ProtocolJson.decode(((McpSchema.TextContent) result.content().get(0)).text(), JsonNode.class);
    }

    /** The {@code [ref=eN]} of the first snapshot line that names {@code role}. */
    private static String reference(String snapshot, String role) {
        Matcher match = Pattern.compile(Pattern.quote(role) + "[^\\n]*\\[ref=(e\\d+)\\]").matcher(snapshot);
        assertThat(match.find()).as("a " + role + " with a reference in:\n" + snapshot).isTrue();
        return match.group(1);
    }
}
