package io.dormouse.mcp.tools;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.dormouse.client.DormouseClient;
import io.dormouse.protocol.ProtocolJson;
import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.spec.McpSchema;

/** What a model reads about the tools, and how a bad call comes back, checked without a registry. */
class ToolCatalogTest {
    private static final ToolCatalog CATALOG = new ToolCatalog();
    /** Nothing listens on port 1: every call the tools make fails as an unreachable registry does. */
    private static final DormouseClient NOWHERE = DormouseClient.builder().url("http://127.0.0.1:1").apiKey("k")
            .retries(0).build();

    @Test
    void everyToolAndParameterIsDescribedWithAType() {
        assertThat(CATALOG.tools()).extracting(Tool::name).contains("session_create", "session_list",
                "session_resume", "session_hibernate", "session_fork", "session_tags", "session_delete",
                "session_history", "navigate", "click", "fill", "type", "press", "select_option", "wait_for",
                "evaluate", "screenshot", "tabs", "back", "forward", "aria_snapshot").doesNotHaveDuplicates();
        for (Tool tool : CATALOG.tools()) {
            JsonNode definition = asListed(tool);
            assertThat(definition.path("name").asText()).matches("[a-z][a-z_]{1,40}");
            assertThat(definition.path("description").asText()).as(tool.name()).hasSizeGreaterThan(30);
            JsonNode schema = definition.path("inputSchema");
            assertThat(schema.path("type").asText()).isEqualTo("object");
            assertThat(schema.path("additionalProperties").asBoolean(true)).as(tool.name()).isFalse();
            schema.path("properties").properties().forEach(parameter -> {
                String where = tool.name() + "." + parameter.getKey();
                assertThat(parameter.getKey()).as(where).matches("[a-z][a-z_]*");
                assertThat(parameter.getValue().path("type").isMissingNode()).as(where + " has a type").isFalse();
                assertThat(parameter.getValue().path("description").asText()).as(where + " description")
                        .hasSizeGreaterThan(5);
            });
            schema.path("required").forEach(name -> assertThat(schema.path("properties").has(name.asText()))
                    .as(tool.name() + " requires a parameter it declares: " + name).isTrue());
            assertThat(definition.at("/annotations/readOnlyHint").isBoolean()).as(tool.name()).isTrue();
        }
    }

    @Test
    void everyToolThatTouchesASessionTakesItsIdAndNeedsIt() {
        for (Tool tool : CATALOG.tools()) {
            if (List.of("session_create", "session_list").contains(tool.name())) {
                continue;
            }
            assertThat(asListed(tool).at("/inputSchema/required").toString()).as(tool.name())
                    .contains("\"session_id\"");
        }
    }

    @Test
    void aBadCallIsAToolErrorThatNamesTheArgument() {
        JsonNode unknown = call("click", Map.of("session_id", "ses_7xKp2mNq4Rt1", "selector", "#a", "force", true));
        assertThat(unknown.at("/error/code").asText()).isEqualTo("invalid-request");
        assertThat(unknown.at("/error/message").asText()).contains("force");

        JsonNode missing = call("fill", Map.of("session_id", "ses_7xKp2mNq4Rt1", "selector", "#a"));
        assertThat(missing.at("/error/message").asText()).contains("value");

        JsonNode badId = call("navigate", Map.of("session_id", "../admin", "url", "http://example.com"));
        assertThat(badId.at("/error/code").asText()).isEqualTo("invalid-request");
        assertThat(badId.at("/error/message").asText()).contains("session_id");

        JsonNode outOfRange = call("session_fork", Map.of("session_id", "ses_7xKp2mNq4Rt1", "count", 1000));
        assertThat(outOfRange.at("/error/message").asText()).contains("count");

        JsonNode notInEnum = call("session_list", Map.of("state", "SLEEPING"));
        assertThat(notInEnum.at("/error/message").asText()).contains("state", "HIBERNATED");

        JsonNode both = call("screenshot", Map.of("session_id", "ses_7xKp2mNq4Rt1", "selector", "#a", "full_page",
                true));
        assertThat(both.at("/error/code").asText()).isEqualTo("invalid-request");
        assertThat(both.at("/error/message").asText()).contains("not both");

        JsonNode wrongType = call("tabs", Map.of("session_id", "ses_7xKp2mNq4Rt1", "operation", "switch",
                "index", "first"));
        assertThat(wrongType.at("/error/message").asText()).contains("index", "integer");
    }

    @Test
    void anUnreachableRegistryIsAToolErrorNamingTheSession() {
        JsonNode listed = call("session_list", Map.of());
        assertThat(listed.at("/error/code").asText()).isEqualTo("unavailable");

        JsonNode clicked = call("click", Map.of("session_id", "ses_7xKp2mNq4Rt1", "selector", "#a"));
        assertThat(clicked.at("/error/code").asText()).isEqualTo("unavailable");
        assertThat(clicked.path("session_id").asText()).isEqualTo("ses_7xKp2mNq4Rt1");
    }

    /** The tool as tools/list shows it to a host, written by the SDK's own mapper. */
    private static JsonNode asListed(Tool tool) {
        try {
            return ProtocolJson.decode(McpJsonDefaults.getMapper().writeValueAsString(tool.definition()),
                    JsonNode.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode call(String name, Map<String, Object> arguments) {
        Tool tool = CATALOG.tools().stream().filter(candidate -> candidate.name().equals(name)).findFirst()
                .orElseThrow();
        McpSchema.CallToolResult result = CATALOG.call(tool, NOWHERE, arguments);
        assertThat(result.isError()).as(name + " " + arguments).isTrue();
        return ProtocolJson.decode(((McpSchema.TextContent) result.content().get(0)).text(), JsonNode.class);
    }
}
