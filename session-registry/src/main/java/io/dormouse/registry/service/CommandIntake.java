package io.dormouse.registry.service;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.dormouse.protocol.ActionError;
import io.dormouse.protocol.CreateSession;
import io.dormouse.protocol.DeleteSession;
import io.dormouse.protocol.HibernateSession;
import io.dormouse.protocol.RecycleSession;
import io.dormouse.protocol.ReplaceSessionTags;
import io.dormouse.protocol.SessionCommand;
import io.dormouse.protocol.WorkerCommand;
import io.smallrye.mutiny.Uni;

/** Applies a command that arrived on Kafka; refusals go back to the client as outcomes, not exceptions. */
@ApplicationScoped
public class CommandIntake {
    @Inject
    SessionService sessions;

    @Inject
    CommandRouter commands;

    /** {@code tenant}: the tenant the producer named in its record's header; its sessions are the only ones it sees. */
    public Uni<Void> accept(SessionCommand command, String tenant) {
        Uni<Void> applied = switch (command) {
            case CreateSession create -> sessions.create(create, tenant).replaceWithVoid();
            case ReplaceSessionTags replace -> sessions.replaceTags(replace.commandId(), replace.sessionId(), tenant,
                    replace.tags()).replaceWithVoid();
            case DeleteSession delete -> sessions.delete(delete.commandId(), delete.sessionId(), tenant);
            case RecycleSession recycle -> commands.recycle(recycle.sessionId(), tenant, recycle.reason())
                    .replaceWithVoid();
            case WorkerCommand forwarded -> commands.forward(forwarded, tenant);
        };
        return applied.onFailure(SessionException.class).recoverWithUni(failure -> {
            SessionException refusal = (SessionException) failure;
            return commands.reject(command.commandId(), command.sessionId(), refusal.kind().code,
                    refusal.getMessage());
        });
    }

    /**
     * A command a Dormouse service issued for a session ({@code dormouse-issuer} header): it applies in whichever tenant
     * holds the session. Services only hibernate and recycle; anything else is refused.
     */
    public Uni<Void> acceptFromService(SessionCommand command, String issuer) {
        if (!(command instanceof HibernateSession || command instanceof RecycleSession)) {
            return refuse(command, ActionError.INVALID_COMMAND, "service '" + issuer + "' may only send "
                    + "HibernateSession or RecycleSession, not " + command.getClass().getSimpleName());
        }
        return sessions.tenantOf(command.sessionId()).chain(tenant -> tenant == null
                ? refuse(command, ActionError.INVALID_COMMAND, "no session " + command.sessionId())
                : accept(command, tenant));
    }

    /** Answers the client on the results topic that its command was not accepted. */
    public Uni<Void> refuse(SessionCommand command, String code, String message) {
        return commands.reject(command.commandId(), command.sessionId(), code, message);
    }
}
