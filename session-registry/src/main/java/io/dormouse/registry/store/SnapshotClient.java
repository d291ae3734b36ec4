package io.dormouse.registry.store;

import java.util.List;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.rest.client.annotation.ClientHeaderParam;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

import com.fasterxml.jackson.databind.JsonNode;

import io.dormouse.protocol.SnapshotRef;
import io.smallrye.mutiny.Uni;

/** The hibernation-store's snapshot versions: listing, rewind and fork, which the registry offers to agents. */
@RegisterRestClient(configKey = "hibernation-store")
@ClientHeaderParam(name = "Authorization", value = "{io.dormouse.registry.store.StoreAuthorization.header}")
@Path("/v1/snapshots/{sessionId}")
public interface SnapshotClient {
    /** {@code targets}: the new sessions' ids. */
    record ForkRequest(List<String> targets) {
    }

    /** {@code version}: a kept version of the session. */
    record RewindRequest(long version) {
    }

    @GET
    @Path("/versions")
    Uni<JsonNode> versions(@PathParam("sessionId") String sessionId);

    @POST
    @Path("/rewind")
    @Consumes(MediaType.APPLICATION_JSON)
    Uni<SnapshotRef> rewind(@PathParam("sessionId") String sessionId, RewindRequest request);

    @POST
    @Path("/fork")
    @Consumes(MediaType.APPLICATION_JSON)
    Uni<List<SnapshotRef>> fork(@PathParam("sessionId") String sessionId, ForkRequest request);

    @DELETE
    Uni<Void> delete(@PathParam("sessionId") String sessionId);
}
