package io.dormouse.protocol;

import java.util.List;
import java.util.Map;
import java.util.Objects;

import com.fasterxml.jackson.databind.JsonNode;

/** Creates a session. A client producing to Kafka picks the session id, since it is the record key. */
public record CreateSession(
        CommandId commandId,
        SessionId sessionId,
        SessionSpec spec,
        List<String> tags,
        Map<String, JsonNode> metadata) implements SessionCommand {
    public CreateSession {
        Objects.requireNonNull(commandId, "commandId is required");
        Objects.requireNonNull(sessionId, "sessionId is required");
        Objects.requireNonNull(spec, "spec is required");
        tags = tags == null ? List.of() : List.copyOf(tags);
        metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
    }
}
