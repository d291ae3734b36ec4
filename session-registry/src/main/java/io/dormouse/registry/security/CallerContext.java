package io.dormouse.registry.security;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;

import io.dormouse.registry.service.SessionException;
import io.quarkus.security.identity.SecurityIdentity;

/** The authenticated caller of the current HTTP request, as {@link ApiKeyIdentityProvider} established it. */
@RequestScoped
public class CallerContext {
    @Inject
    SecurityIdentity identity;

    public Caller caller() {
        Caller caller = identity.getAttribute(ApiKeyIdentityProvider.CALLER);
        if (caller == null) {
            throw new IllegalStateException("no authenticated caller: the endpoint lacks @RolesAllowed");
        }
        return caller;
    }

    public String tenant() {
        return caller().tenant();
    }

    /**
     * The tenant a call acts on: the caller's own unless it names another, which only the operator may ({@code what}
     * says what was refused otherwise, e.g. "profiles").
     */
    public String actingTenant(String requested, String what) {
        Caller me = caller();
        if (requested == null || requested.equals(me.tenant())) {
            return me.tenant();
        }
        if (!me.isOperator()) {
            throw new SessionException(SessionException.Kind.FORBIDDEN,
                    "a tenant's key manages its own tenant's " + what + " only");
        }
        if (!Caller.isValidTenant(requested)) {
            throw new SessionException(SessionException.Kind.INVALID, "tenant: 1 to 64 of [a-z0-9._-], got '"
                    + requested + "'");
        }
        return requested;
    }
}
