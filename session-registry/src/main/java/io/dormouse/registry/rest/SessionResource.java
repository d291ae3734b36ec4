package io.dormouse.registry.rest;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.eclipse.microprofile.rest.client.inject.RestClient;
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
import io.dormouse.registry.repository.SessionFilter;
import io.dormouse.registry.security.CallerContext;
import io.dormouse.registry.security.Roles;
import io.dormouse.registry.service.CommandRouter;
import io.dormouse.registry.service.SessionException;
import io.dormouse.registry.service.SessionMetrics;
import io.dormouse.registry.service.SessionService;
import io.dormouse.registry.service.SnapshotVersions;
import io.dormouse.registry.store.ArtifactClient;
import io.smallrye.mutiny.Uni;

/** The session API on {@code /v1/sessions}. Commands that need a browser go to the owning worker over Kafka. */
@Path("/v1/sessions")
@RolesAllowed(Roles.AGENT)
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class SessionResource {
    static final String COMMAND_ID_HEADER = "Dormouse-Command-Id";
    static final String NEXT_CURSOR_HEADER = "Dormouse-Next-Cursor";
    private static final int MAX_PAGE = 1000;

    private static final Pattern ARTIFACT_ID = Pattern.compile("art_[0-9a-f]{32}");

    @Inject
    SessionService sessions;

    @Inject
    CommandRouter commands;

    @Inject
    @RestClient
    ArtifactClient artifacts;

    @Inject
    CallerContext caller;

    @Inject
    SnapshotVersions versions;

    @Inject
    SessionMetrics metrics;

    @POST
    public Uni<RestResponse<SessionView>> create(CreateSessionRequest request) {
        if (request == null) {
            throw new SessionException(SessionException.Kind.INVALID, "request body is required");
        }
        CommandId commandId = request.commandId() == null ? CommandId.random() : request.commandId();
        return sessions.create(new CreateSession(commandId, SessionId.random(), request.spec(),
                request.tags(), request.metadata()), caller.tenant())
                .map(row -> RestResponse.ResponseBuilder
                        .<SessionView>created(URI.create("/v1/sessions/" + row.id))
                        .entity(SessionView.of(row)).build());
    }

    /**
     * Live sessions, filtered and paged. When more may follow, the response carries the next page's cursor in
     * {@code Dormouse-Next-Cursor} and a {@code Link: <...>; rel="next"} header.
     */
    @GET
    public Uni<RestResponse<List<SessionView>>> list(@QueryParam("tags") String tags,
            @QueryParam("anyTags") String anyTags, @QueryParam("state") String states,
            @QueryParam("profile") String profile, @QueryParam("createdAfter") String createdAfter,
            @QueryParam("createdBefore") String createdBefore, @QueryParam("activeAfter") String activeAfter,
            @QueryParam("activeBefore") String activeBefore, @QueryParam("sort") @DefaultValue("createdAt") String sort,
            @QueryParam("cursor") String cursor, @QueryParam("limit") @DefaultValue("100") String limitParameter,
            @Context UriInfo uri) {
        int limit = (int) Validation.number(limitParameter, "limit", 1, MAX_PAGE);
        SessionFilter.Sort order = SessionFilter.Sort.ofParameter(sort);
        SessionFilter filter = new SessionFilter(caller.tenant(), Validation.tags(csv(tags)),
                Validation.tags(csv(anyTags)),
                csv(states).stream().map(ListingParameters::state).toList(),
                profile == null || profile.isBlank() ? null : profile, ListingParameters.instant(createdAfter,
                        "createdAfter"),
                ListingParameters.instant(createdBefore, "createdBefore"), ListingParameters.instant(activeAfter,
                        "activeAfter"),
                ListingParameters.instant(activeBefore, "activeBefore"), order,
                cursor == null || cursor.isBlank() ? null : SessionFilter.Cursor.decode(cursor), limit);
        return sessions.list(filter).map(rows -> {
            RestResponse.ResponseBuilder<List<SessionView>> response = RestResponse.ResponseBuilder
                    .ok(rows.stream().map(SessionView::of).toList());
            if (rows.size() == limit) {
                String next = SessionFilter.Cursor.after(rows.get(rows.size() - 1), order).encode();
                response.header(NEXT_CURSOR_HEADER, next).header("Link",
                        "<" + uri.getRequestUriBuilder().replaceQueryParam("cursor", next).build() + ">; rel=\"next\"");
            }
            return response.build();
        });
    }

    private static List<String> csv(String value) {
        return value == null || value.isBlank()
                ? List.of()
                : Arrays.stream(value.split(",")).map(String::trim).filter(part -> !part.isEmpty()).toList();
    }

    @GET
    @Path("/{id}")
    public Uni<SessionView> get(@PathParam("id") String id) {
        return sessions.get(sessionId(id), caller.tenant()).map(SessionView::of);
    }

    @PUT
    @Path("/{id}/tags")
    public Uni<SessionView> replaceTags(@PathParam("id") String id, TagsRequest request) {
        if (request == null) {
            throw new SessionException(SessionException.Kind.INVALID, "request body is required");
        }
        return sessions.replaceTags(CommandId.random(), sessionId(id), caller.tenant(), request.tags())
                .map(SessionView::of);
    }

    /** Adds and removes tags atomically: {@code {"add": [...], "remove": [...]}}. */
    @PATCH
    @Path("/{id}/tags")
    public Uni<SessionView> patchTags(@PathParam("id") String id, TagsPatchRequest request) {
        if (request == null) {
            throw new SessionException(SessionException.Kind.INVALID, "request body is required: {add, remove}");
        }
        return sessions.patchTags(CommandId.random(), sessionId(id), caller.tenant(), request.add(),
                request.remove())
                .map(SessionView::of);
    }

    @DELETE
    @Path("/{id}")
    @Consumes(MediaType.WILDCARD)
    public Uni<RestResponse<Void>> delete(@PathParam("id") String id) {
        return sessions.delete(CommandId.random(), sessionId(id), caller.tenant())
                .map(ignored -> RestResponse.noContent());
    }

    @POST
    @Path("/{id}/actions")
    public Uni<ActionResponse> act(@PathParam("id") String id, @HeaderParam(COMMAND_ID_HEADER) String commandId,
            @QueryParam("timeoutMs") String timeoutMs, Action action) {
        if (action == null) {
            throw new SessionException(SessionException.Kind.INVALID, "request body is required: an action");
        }
        Duration timeout = timeoutMs == null
                ? null
                : Duration.ofMillis(Validation.number(timeoutMs, "timeoutMs", 1, Long.MAX_VALUE));
        return commands.runAction(commandId(commandId), sessionId(id), caller.tenant(), action, timeout)
                .map(ActionResponse::of);
    }

    /** An entry of a session's journal. */
    public record HistoryView(long id, Instant occurredAt, String kind, String type, String commandId,
            JsonNode detail) {
    }

    /**
     * The session's journal, oldest first: every command, outcome and lifecycle event. Paged by {@code after} (an
     * entry id); {@code Dormouse-Next-Cursor} names the next page's {@code after} when more may follow.
     */
    @GET
    @Path("/{id}/history")
    public Uni<RestResponse<List<HistoryView>>> history(@PathParam("id") String id,
            @QueryParam("after") @DefaultValue("0") String afterParameter,
            @QueryParam("limit") @DefaultValue("100") String limitParameter) {
        long after = Validation.number(afterParameter, "after", 0, Long.MAX_VALUE);
        int limit = (int) Validation.number(limitParameter, "limit", 1, MAX_PAGE);
        return sessions.history(sessionId(id), caller.tenant(), after, limit).map(entries -> {
            List<HistoryView> views = entries.stream().map(entry -> new HistoryView(entry.id, entry.occurredAt,
                    entry.kind, entry.type, entry.commandId, ProtocolJson.decode(entry.detail, JsonNode.class)))
                    .toList();
            RestResponse.ResponseBuilder<List<HistoryView>> response = RestResponse.ResponseBuilder.ok(views);
            if (views.size() == limit) {
                response.header(NEXT_CURSOR_HEADER, String.valueOf(views.get(views.size() - 1).id()));
            }
            return response.build();
        });
    }

    /** A screenshot or PDF that was too large for the action's result, which names it by {@code href}. */
    @GET
    @Path("/{id}/artifacts/{artifactId}")
    @Produces(MediaType.WILDCARD)
    public Uni<Response> artifact(@PathParam("id") String id, @PathParam("artifactId") String artifactId) {
        if (!ARTIFACT_ID.matcher(artifactId).matches()) {
            throw new SessionException(SessionException.Kind.NOT_FOUND, "no artifact " + artifactId);
        }
        return sessions.get(sessionId(id), caller.tenant()).chain(row -> artifacts.get(row.id, artifactId))
                .map(stored -> Response.ok(stored.getEntity(), stored.getHeaderString("Content-Type")).build())
                .onFailure(WebApplicationException.class).transform(failure -> {
                    int status = ((WebApplicationException) failure).getResponse().getStatus();
                    return status == Response.Status.NOT_FOUND.getStatusCode()
                            ? new SessionException(SessionException.Kind.NOT_FOUND, "session " + id
                                    + " has no artifact " + artifactId)
                            : failure;
                });
    }

    @POST
    @Path("/{id}/hibernate")
    @Consumes(MediaType.WILDCARD)
    public Uni<JsonNode> hibernate(@PathParam("id") String id, @HeaderParam(COMMAND_ID_HEADER) String commandId) {
        return commands.hibernate(commandId(commandId), sessionId(id), caller.tenant(), "requested")
                .map(outcome -> {
                    ActionCompleted done = requireCompleted(outcome);
                    ObjectNode body = lifecycleBody(done);
                    if (done.snapshot() != null) {
                        body.putObject("snapshot").put("takenAt", done.snapshot().takenAt().toString())
                                .put("sizeBytes", done.snapshot().sizeBytes());
                    }
                    return body;
                });
    }

    /** The session's kept snapshots, oldest first: version, when taken, tier, bytes stored. */
    @GET
    @Path("/{id}/snapshots")
    public Uni<JsonNode> snapshots(@PathParam("id") String id) {
        return versions.list(sessionId(id), caller.tenant());
    }

    /** Puts the session back to an earlier snapshot version; an active session is answering in it on return. */
    @POST
    @Path("/{id}/rewind")
    public Uni<SessionView> rewind(@PathParam("id") String id, RewindRequest request) {
        if (request == null || request.version() == null) {
            throw new SessionException(SessionException.Kind.INVALID,
                    "body: {\"version\": n}, n from GET /v1/sessions/" + id + "/snapshots");
        }
        return versions.rewind(sessionId(id), caller.tenant(), request.version()).map(SessionView::of);
    }

    /** New hibernated sessions from the session's latest snapshot: log in once, fork many logged-in sessions. */
    @POST
    @Path("/{id}/fork")
    public Uni<RestResponse<ForkResponse>> fork(@PathParam("id") String id, ForkRequest request) {
        if (request == null || request.count() == null) {
            throw new SessionException(SessionException.Kind.INVALID, "body: {\"count\": n, \"tags\": [...]}");
        }
        List<String> tags = Validation.tags(request.tags());
        return versions.fork(sessionId(id), caller.tenant(), request.count(), tags)
                .map(rows -> RestResponse.status(Response.Status.CREATED,
                        new ForkResponse(id, rows.stream().map(SessionView::of).toList())));
    }

    /** {@code version}: from {@code GET .../snapshots}. */
    public record RewindRequest(Long version) {
    }

    /** {@code count} new sessions, each with {@code tags}. */
    public record ForkRequest(Integer count, List<String> tags) {
    }

    public record ForkResponse(String forkedFrom, List<SessionView> sessions) {
    }

    /** Live health figures from the health-monitor and the session's recycle counters. */
    @GET
    @Path("/{id}/metrics")
    public Uni<SessionMetrics.View> metrics(@PathParam("id") String id) {
        return metrics.of(sessionId(id), caller.tenant());
    }

    /** Snapshot, close and rehydrate the session's context under the same id; answers like a resume. */
    @POST
    @Path("/{id}/recycle")
    @Consumes(MediaType.WILDCARD)
    public Uni<JsonNode> recycle(@PathParam("id") String id) {
        return commands.recycle(sessionId(id), caller.tenant(), "recycle").map(outcome -> {
            ActionCompleted done = requireCompleted(outcome);
            ObjectNode body = lifecycleBody(done);
            body.put("recycled", true);
            body.set("page", done.result());
            return body;
        });
    }

    @POST
    @Path("/{id}/resume")
    @Consumes(MediaType.WILDCARD)
    public Uni<JsonNode> resume(@PathParam("id") String id, @HeaderParam(COMMAND_ID_HEADER) String commandId) {
        return commands.resume(commandId(commandId), sessionId(id), caller.tenant()).map(outcome -> {
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
