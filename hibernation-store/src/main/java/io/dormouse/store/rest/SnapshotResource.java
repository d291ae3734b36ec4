package io.dormouse.store.rest;

import java.util.List;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.RestResponse;

import io.dormouse.protocol.SessionId;
import io.dormouse.protocol.SnapshotRef;
import io.dormouse.store.service.SnapshotService;
import io.dormouse.store.service.SnapshotService.Loaded;
import io.dormouse.store.service.SnapshotService.RejectedSnapshotException;
import io.dormouse.store.service.SnapshotService.VersionInfo;
import io.smallrye.common.annotation.Blocking;

/**
 * Internal snapshot API for workers and the registry, under {@code /v1/snapshots/{sessionId}}: the latest snapshot
 * ({@code PUT/GET/DELETE}), its kept versions, rewind and fork. Bodies are the plaintext snapshot JSON; encryption and
 * tiers stay inside the store.
 */
@Path("/v1/snapshots/{sessionId}")
@Blocking
public class SnapshotResource {
    /** The version a response's snapshot is, so a caller can rewind to it later. */
    public static final String VERSION_HEADER = "Dormouse-Snapshot-Version";

    @Inject
    SnapshotService snapshots;

    /** {@code version} to rewind to. */
    public record RewindRequest(Long version) {
    }

    /** The new sessions a fork fills; the registry made their ids. */
    public record ForkRequest(List<String> targets) {
    }

    @PUT
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public SnapshotRef put(@PathParam("sessionId") String sessionId, byte[] body) {
        return snapshots.store(sessionId(sessionId), body);
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public RestResponse<byte[]> get(@PathParam("sessionId") String sessionId) {
        return snapshots.load(sessionId(sessionId)).map(SnapshotResource::body)
                .orElseGet(() -> RestResponse.status(Response.Status.NOT_FOUND));
    }

    @GET
    @Path("/versions")
    @Produces(MediaType.APPLICATION_JSON)
    public List<VersionInfo> versions(@PathParam("sessionId") String sessionId) {
        return snapshots.versions(sessionId(sessionId));
    }

    @GET
    @Path("/versions/{version}")
    @Produces(MediaType.APPLICATION_JSON)
    public RestResponse<byte[]> version(@PathParam("sessionId") String sessionId,
            @PathParam("version") long version) {
        return snapshots.load(sessionId(sessionId), version).map(SnapshotResource::body)
                .orElseGet(() -> RestResponse.status(Response.Status.NOT_FOUND));
    }

    @POST
    @Path("/rewind")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public SnapshotRef rewind(@PathParam("sessionId") String sessionId, RewindRequest request) {
        if (request == null || request.version() == null || request.version() < 1) {
            throw new RejectedSnapshotException(RejectedSnapshotException.Reason.INVALID,
                    "body: {\"version\": n} with n a kept version (see GET .../versions)");
        }
        return snapshots.rewind(sessionId(sessionId), request.version());
    }

    @POST
    @Path("/fork")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public List<SnapshotRef> fork(@PathParam("sessionId") String sessionId, ForkRequest request) {
        if (request == null || request.targets() == null || request.targets().isEmpty()) {
            throw new RejectedSnapshotException(RejectedSnapshotException.Reason.INVALID,
                    "body: {\"targets\": [session ids]}");
        }
        return snapshots.fork(sessionId(sessionId), request.targets().stream().map(SnapshotResource::sessionId)
                .toList());
    }

    @DELETE
    public RestResponse<Void> delete(@PathParam("sessionId") String sessionId) {
        snapshots.delete(sessionId(sessionId));
        return RestResponse.noContent();
    }

    private static RestResponse<byte[]> body(Loaded loaded) {
        return RestResponse.ResponseBuilder.ok(loaded.plaintext()).header(VERSION_HEADER, loaded.version()).build();
    }

    private static SessionId sessionId(String value) {
        if (!SessionId.isValid(value)) {
            throw new RejectedSnapshotException(RejectedSnapshotException.Reason.INVALID,
                    "'" + value + "' is not a session id");
        }
        return SessionId.of(value);
    }
}
