package io.dormouse.registry.security;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;

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
}
