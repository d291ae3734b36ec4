package io.dormouse.registry.service;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.dormouse.protocol.CreateSession;
import io.dormouse.protocol.DeleteSession;
import io.dormouse.protocol.ReplaceSessionTags;
import io.dormouse.protocol.SessionCommand;
import io.dormouse.protocol.WorkerCommand;
import io.smallrye.mutiny.Uni;

/** Applies a command that arrived on Kafka; refusals go back to the client as outcomes, not exceptions. */
@ApplicationScoped
public class CommandIntake {
    @Inject
    SessionService sessions;

    public Uni<Void> accept(SessionCommand command) {
        Uni<Void> applied = switch (command) {
            case CreateSession create -> sessions.create(create).replaceWithVoid();
            case ReplaceSessionTags replace -> sessions.replaceTags(replace.commandId(), replace.sessionId(),
                    replace.tags()).replaceWithVoid();
            case DeleteSession delete -> sessions.delete(delete.commandId(), delete.sessionId());
            case WorkerCommand forwarded -> sessions.forward(forwarded);
        };
        return applied.onFailure(SessionException.class).recoverWithUni(failure -> {
            SessionException refusal = (SessionException) failure;
            return sessions.reject(command.commandId(), command.sessionId(), refusal.kind().code,
                    refusal.getMessage());
        });
    }
}
