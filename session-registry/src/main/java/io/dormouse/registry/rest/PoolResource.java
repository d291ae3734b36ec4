package io.dormouse.registry.rest;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.jboss.resteasy.reactive.RestResponse;

import io.dormouse.protocol.SessionId;
import io.dormouse.registry.security.CallerContext;
import io.dormouse.registry.security.Roles;
import io.dormouse.registry.service.SessionException;
import io.dormouse.registry.service.SessionService;
import io.smallrye.mutiny.Uni;

/**
 * Session pools on {@code /v1/pool}: a checkout atomically leases one free session carrying the given tags (204 when
 * none is free); a release, or the lease running out, returns it.
 */
@Path("/v1/pool")
@RolesAllowed(Roles.AGENT)
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class PoolResource {
    static final int DEFAULT_LEASE_SECONDS = 300;
    static final int MAX_LEASE_SECONDS = 86_400;

    @Inject
    SessionService sessions;

    @Inject
    CallerContext caller;

    /** Body of a checkout: the tags a session must carry, and how long the lease lasts. */
    public record CheckoutRequest(List<String> tags, Integer leaseSeconds) {
        public CheckoutRequest {
            tags = Validation.tags(tags);
            if (leaseSeconds != null && (leaseSeconds < 1 || leaseSeconds > MAX_LEASE_SECONDS)) {
                throw new IllegalArgumentException(
                        "leaseSeconds: must be between 1 and " + MAX_LEASE_SECONDS + ", got " + leaseSeconds);
            }
        }
    }

    /** Body of a release; {@code leaseId}, when given, must be the session's current lease. */
    public record ReleaseRequest(String id, String leaseId) {
        public ReleaseRequest {
            if (id == null) {
                throw new IllegalArgumentException("id: required");
            }
        }
    }

    /** A checked-out session with its lease. */
    public record LeaseView(String leaseId, Instant leasedUntil, SessionView session) {
    }

    @POST
    @Path("/checkout")
    public Uni<RestResponse<LeaseView>> checkout(CheckoutRequest request) {
        CheckoutRequest wanted = request == null ? new CheckoutRequest(List.of(), null) : request;
        Duration lease = Duration.ofSeconds(wanted.leaseSeconds() == null
                ? DEFAULT_LEASE_SECONDS
                : wanted.leaseSeconds());
        return sessions.checkout(caller.tenant(), wanted.tags(), lease).map(leased -> leased == null
                ? RestResponse.noContent()
                : RestResponse.ok(new LeaseView(leased.leaseId(), leased.session().leasedUntil,
                        SessionView.of(leased.session()))));
    }

    @POST
    @Path("/release")
    public Uni<SessionView> release(ReleaseRequest request) {
        if (request == null) {
            throw new SessionException(SessionException.Kind.INVALID, "request body is required: {id, leaseId?}");
        }
        if (!SessionId.isValid(request.id())) {
            throw SessionException.notFound(request.id());
        }
        return sessions.release(SessionId.of(request.id()), caller.tenant(), request.leaseId())
                .map(SessionView::of);
    }
}
