package io.dormouse.store.rest;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
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
import io.dormouse.store.service.SnapshotService.RejectedSnapshotException;

/** Internal snapshot API used by workers: {@code PUT/GET/DELETE /v1/snapshots/{sessionId}}. */
@Path("/v1/snapshots/{sessionId}")
public class SnapshotResource {

    @Inject
    SnapshotService snapshots;

    @PUT
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public SnapshotRef put(@PathParam("sessionId") String sessionId, byte[] body) {
        return snapshots.store(sessionId(sessionId), body);
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public RestResponse<byte[]> get(@PathParam("sessionId") String sessionId) {
        return snapshots.load(sessionId(sessionId)).map(RestResponse::ok)
                .orElseGet(() -> RestResponse.status(Response.Status.NOT_FOUND));
    }

    @DELETE
    public RestResponse<Void> delete(@PathParam("sessionId") String sessionId) {
        snapshots.delete(sessionId(sessionId));
        return RestResponse.noContent();
    }

    private static SessionId sessionId(String value) {
        if (!SessionId.isValid(value)) {
            throw new RejectedSnapshotException(RejectedSnapshotException.Reason.INVALID,
                    "'" + value + "' is not a session id");
        }
        return SessionId.of(value);
    }
}
