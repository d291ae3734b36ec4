package io.dormouse.registry.service;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.dormouse.protocol.ActionError;
import io.dormouse.protocol.ActionFailed;
import io.dormouse.protocol.CreateSession;
import io.dormouse.protocol.DeleteSession;
import io.dormouse.protocol.HibernateSession;
import io.dormouse.protocol.RecycleSession;
import io.dormouse.protocol.ReplaceSessionTags;
import io.dormouse.protocol.SessionCommand;
import io.dormouse.protocol.WorkerCommand;
import io.dormouse.registry.messaging.TenantFanOut;
import io.smallrye.mutiny.Uni;

/** Applies a command that arrived on Kafka; refusals go back to whoever sent it as outcomes, not exceptions. */
@ApplicationScoped
public class CommandIntake {
    @Inject
    SessionService sessions;

    @Inject
    CommandRouter commands;

    @Inject
    TenantFanOut fanOut;

    /**
     * A tenant's command, from its own command topic: it acts on the tenant's sessions alone, and a refusal is answered
     * on the tenant's own results topic (never on the topic of whichever tenant holds the session it named).
     */
    public Uni<Void> accept(SessionCommand command, String tenant) {
        return apply(command, tenant).onFailure(SessionException.class).recoverWithUni(failure -> {
            SessionException refusal = (SessionException) failure;
            return fanOut.answer(tenant, ActionFailed.of(command.commandId(), command.sessionId(), null,
                    new ActionError(refusal.kind().code, refusal.getMessage()), null, null));
        });
    }

    private Uni<Void> apply(SessionCommand command, String tenant) {
        return switch (command) {
            case CreateSession create -> sessions.create(create, tenant).replaceWithVoid();
            case ReplaceSessionTags replace -> sessions.replaceTags(replace.commandId(), replace.sessionId(), tenant,
                    replace.tags()).replaceWithVoid();
            case DeleteSession delete -> sessions.delete(delete.commandId(), delete.sessionId(), tenant);
            case RecycleSession recycle -> commands.recycle(recycle.sessionId(), tenant, recycle.reason())
                    .replaceWithVoid();
            case WorkerCommand forwarded -> commands.forward(forwarded, tenant);
        };
    }

    /**
     * A command a Dormouse service issued for a session, from the internal commands topic only service principals may
     * write ({@code issuer}: its {@code dormouse-issuer} header, for the record): it applies in whichever tenant holds
     * the session. Services only hibernate and recycle; anything else is refused.
     */
    public Uni<Void> acceptFromService(SessionCommand command, String issuer) {
        if (!(command instanceof HibernateSession || command instanceof RecycleSession)) {
            return refuse(command, ActionError.INVALID_COMMAND, "service '" + issuer + "' may only send "
                    + "HibernateSession or RecycleSession, not " + command.getClass().getSimpleName());
        }
        return sessions.tenantOf(command.sessionId()).chain(tenant -> tenant == null
                ? refuse(command, ActionError.INVALID_COMMAND, "no session " + command.sessionId())
                : apply(command, tenant).onFailure(SessionException.class).recoverWithUni(failure -> refuse(command,
                        ((SessionException) failure).kind().code, failure.getMessage())));
    }

    /** Answers a service on the internal results topic that its command was not accepted. */
    private Uni<Void> refuse(SessionCommand command, String code, String message) {
        return commands.reject(command.commandId(), command.sessionId(), code, message);
    }
}
