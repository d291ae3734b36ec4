package io.dormouse.worker.store;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.rest.client.annotation.ClientHeaderParam;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

import io.dormouse.protocol.SnapshotRef;

/** The hibernation-store's snapshot API: snapshots travel here by HTTP, only their references by Kafka. */
@RegisterRestClient(configKey = "hibernation-store")
@ClientHeaderParam(name = "Authorization", value = "{io.dormouse.worker.store.StoreAuthorization.header}")
@Path("/v1/snapshots")
public interface SnapshotStoreClient {
    @PUT
    @Path("/{sessionId}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    SnapshotRef put(@PathParam("sessionId") String sessionId, byte[] snapshot);

    @GET
    @Path("/{sessionId}")
    @Produces(MediaType.APPLICATION_JSON)
    byte[] get(@PathParam("sessionId") String sessionId);
}
