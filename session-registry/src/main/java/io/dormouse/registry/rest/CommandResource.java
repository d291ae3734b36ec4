package io.dormouse.registry.rest;

import java.time.Instant;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import io.dormouse.protocol.CommandId;
import io.dormouse.registry.repository.CommandEntity;
import io.dormouse.registry.security.CallerContext;
import io.dormouse.registry.security.Roles;
import io.dormouse.registry.service.CommandJournal;
import io.dormouse.registry.service.SessionException;
import io.smallrye.mutiny.Uni;

/** {@code GET /v1/commands/{commandId}}: how a command ended, e.g. after the caller got a 504. */
@Path("/v1/commands")
@RolesAllowed(Roles.AGENT)
@Produces(MediaType.APPLICATION_JSON)
public class CommandResource {

    /** A journaled command; {@code outcome} is absent while it runs. */
    public record CommandView(String commandId, String sessionId, String kind, CommandEntity.Status status,
            Instant createdAt, Instant completedAt, ActionResponse outcome) {
    }

    @Inject
    CommandJournal journal;

    @Inject
    CallerContext caller;

    @GET
    @Path("/{commandId}")
    public Uni<CommandView> get(@PathParam("commandId") String commandId) {
        CommandId id;
        try {
            id = CommandId.of(commandId);
        } catch (IllegalArgumentException e) {
            throw unknown(commandId);
        }
        // Ids are the tenant's own: another tenant's command with the same id is not this one.
        return journal.find(caller.tenant(), id).map(found -> {
            if (found == null) {
                throw unknown(commandId);
            }
            return new CommandView(found.commandId, found.sessionId, found.kind, found.status, found.createdAt,
                    found.completedAt, found.outcome() == null ? null : ActionResponse.of(found.outcome()));
        });
    }

    private static SessionException unknown(String commandId) {
        return new SessionException(SessionException.Kind.COMMAND_NOT_FOUND, "no command '" + commandId + "'");
    }
}
