package io.dormouse.registry.rest;

import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.jboss.resteasy.reactive.RestResponse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.dormouse.protocol.Action;
import io.dormouse.protocol.ActionCompleted;
import io.dormouse.protocol.ActionFailed;
import io.dormouse.protocol.ActionOutcome;
import io.dormouse.protocol.CommandId;
import io.dormouse.protocol.CreateSession;
import io.dormouse.protocol.ProtocolJson;
import io.dormouse.protocol.SessionId;
import io.dormouse.registry.service.SessionException;
import io.dormouse.registry.service.SessionService;
import io.smallrye.mutiny.Uni;

/** The session API on {@code /v1/sessions}. Commands that need a browser go to the owning worker over Kafka. */
@Path("/v1/sessions")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class SessionResource {
    static final String COMMAND_ID_HEADER = "Dormouse-Command-Id";
    private static final int MAX_PAGE = 1000;

    @Inject
    SessionService sessions;

    @POST
    public Uni<RestResponse<SessionView>> create(CreateSessionRequest request) {
        if (request == null) {
            throw new SessionException(SessionException.Kind.INVALID, "request body is required");
        }
        CommandId commandId = request.commandId() == null ? CommandId.random() : request.commandId();
        return sessions.create(new CreateSession(commandId, SessionId.random(), request.spec(),
                request.tags(), request.metadata()))
                .map(row -> RestResponse.ResponseBuilder
                        .<SessionView>created(URI.create("/v1/sessions/" + row.id))
                        .entity(SessionView.of(row)).build());
    }

    @GET
    public Uni<List<SessionView>> list(@QueryParam("tags") String tags,
            @QueryParam("limit") @DefaultValue("100") int limit) {
        if (limit < 1 || limit > MAX_PAGE) {
            throw new SessionException(SessionException.Kind.INVALID,
                    "limit: must be between 1 and " + MAX_PAGE + ", got " + limit);
        }
        List<String> wanted = tags == null || tags.isBlank()
                ? List.of()
                : Validation.tags(Arrays.stream(tags.split(",")).map(String::trim).toList());
        return sessions.list(wanted, limit).map(rows -> rows.stream().map(SessionView::of).toList());
    }

    @GET
    @Path("/{id}")
    public Uni<SessionView> get(@PathParam("id") String id) {
        return sessions.get(sessionId(id)).map(SessionView::of);
    }

    @PUT
    @Path("/{id}/tags")
    public Uni<SessionView> replaceTags(@PathParam("id") String id, TagsRequest request) {
        if (request == null) {
            throw new SessionException(SessionException.Kind.INVALID, "request body is required");
        }
        return sessions.replaceTags(CommandId.random(), sessionId(id), request.tags()).map(SessionView::of);
    }

    @DELETE
    @Path("/{id}")
    @Consumes(MediaType.WILDCARD)
    public Uni<RestResponse<Void>> delete(@PathParam("id") String id) {
        return sessions.delete(CommandId.random(), sessionId(id)).map(ignored -> RestResponse.noContent());
    }

    @POST
    @Path("/{id}/actions")
    public Uni<ActionResponse> act(@PathParam("id") String id, @HeaderParam(COMMAND_ID_HEADER) String commandId,
            @QueryParam("timeoutMs") Long timeoutMs, Action action) {
        if (action == null) {
            throw new SessionException(SessionException.Kind.INVALID, "request body is required: an action");
        }
        return sessions.runAction(commandId(commandId), sessionId(id), action,
                timeoutMs == null ? null : Duration.ofMillis(timeoutMs)).map(ActionResponse::of);
    }

    @POST
    @Path("/{id}/hibernate")
    @Consumes(MediaType.WILDCARD)
    public Uni<JsonNode> hibernate(@PathParam("id") String id, @HeaderParam(COMMAND_ID_HEADER) String commandId) {
        return sessions.hibernate(commandId(commandId), sessionId(id), "requested").map(outcome -> {
            ActionCompleted done = requireCompleted(outcome);
            ObjectNode body = lifecycleBody(done);
            if (done.snapshot() != null) {
                body.putObject("snapshot").put("takenAt", done.snapshot().takenAt().toString())
                        .put("sizeBytes", done.snapshot().sizeBytes());
            }
            return body;
        });
    }

    @POST
    @Path("/{id}/resume")
    @Consumes(MediaType.WILDCARD)
    public Uni<JsonNode> resume(@PathParam("id") String id, @HeaderParam(COMMAND_ID_HEADER) String commandId) {
        return sessions.resume(commandId(commandId), sessionId(id)).map(outcome -> {
            ActionCompleted done = requireCompleted(outcome);
            ObjectNode body = lifecycleBody(done);
            body.set("page", done.result());
            body.set("timings", ProtocolJson.mapper().valueToTree(done.timings()));
            return body;
        });
    }

    private static ObjectNode lifecycleBody(ActionCompleted done) {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.put("id", done.sessionId().value());
        body.put("state", done.sessionState().name());
        body.put("commandId", done.commandId().value());
        return body;
    }

    private static ActionCompleted requireCompleted(ActionOutcome outcome) {
        return switch (outcome) {
            case ActionCompleted done -> done;
            case ActionFailed failed -> throw new WorkerFailureException(failed);
        };
    }

    private static SessionId sessionId(String id) {
        if (!SessionId.isValid(id)) {
            throw SessionException.notFound(id);
        }
        return SessionId.of(id);
    }

    private static CommandId commandId(String header) {
        if (header == null) {
            return CommandId.random();
        }
        try {
            return CommandId.of(header);
        } catch (IllegalArgumentException e) {
            throw new SessionException(SessionException.Kind.INVALID, COMMAND_ID_HEADER + ": " + e.getMessage());
        }
    }
}
