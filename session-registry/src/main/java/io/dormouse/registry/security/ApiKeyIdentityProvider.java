package io.dormouse.registry.security;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.TokenAuthenticationRequest;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;

/**
 * Turns an API key into a security identity: its key id as principal, its role's grants as roles, and the
 * {@link Caller} (tenant, role) as an attribute. An unknown or revoked key fails authentication (401).
 */
@ApplicationScoped
public class ApiKeyIdentityProvider implements IdentityProvider<TokenAuthenticationRequest> {
    /** The identity attribute holding the {@link Caller}. */
    static final String CALLER = "dormouse.caller";

    @Inject
    ApiKeys keys;

    @Override
    public Class<TokenAuthenticationRequest> getRequestType() {
        return TokenAuthenticationRequest.class;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(TokenAuthenticationRequest request,
            AuthenticationRequestContext context) {
        return keys.authenticate(request.getToken().getToken()).map(found -> {
            Caller caller = found.orElseThrow(() -> new AuthenticationFailedException(
                    "the API key is unknown or revoked"));
            return QuarkusSecurityIdentity.builder()
                    .setPrincipal(new QuarkusPrincipal(caller.keyId()))
                    .addRoles(caller.role().grants())
                    .addAttribute(CALLER, caller)
                    .addCredential(request.getToken())
                    .build();
        });
    }
}
