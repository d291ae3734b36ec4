package io.dormouse.protocol;

import java.util.List;
import java.util.Objects;

/** Replaces a session's tags with the given set. */
public record ReplaceSessionTags(CommandId commandId, SessionId sessionId, List<String> tags)
        implements
            SessionCommand {
    public ReplaceSessionTags {
        Objects.requireNonNull(commandId, "commandId is required");
        Objects.requireNonNull(sessionId, "sessionId is required");
        tags = tags == null ? List.of() : List.copyOf(tags);
    }
}
