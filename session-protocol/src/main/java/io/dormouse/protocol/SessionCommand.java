package io.dormouse.protocol;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * A command a client sends to the registry on {@link Topics#SESSION_COMMANDS}. The JSON {@code type} is the record's
 * simple name. The subset a worker executes is {@link WorkerCommand}.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
        @JsonSubTypes.Type(value = CreateSession.class, name = "CreateSession"),
        @JsonSubTypes.Type(value = ReplaceSessionTags.class, name = "ReplaceSessionTags"),
        @JsonSubTypes.Type(value = RunAction.class, name = "RunAction"),
        @JsonSubTypes.Type(value = HibernateSession.class, name = "HibernateSession"),
        @JsonSubTypes.Type(value = ResumeSession.class, name = "ResumeSession"),
        @JsonSubTypes.Type(value = DeleteSession.class, name = "DeleteSession"),
        @JsonSubTypes.Type(value = RecycleSession.class, name = "RecycleSession")
})
public sealed interface SessionCommand permits CreateSession, ReplaceSessionTags, RecycleSession, WorkerCommand {
    CommandId commandId();

    SessionId sessionId();
}
