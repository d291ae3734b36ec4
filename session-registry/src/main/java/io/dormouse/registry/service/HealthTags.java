package io.dormouse.registry.service;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.dormouse.protocol.CommandId;
import io.dormouse.protocol.SessionEvent;
import io.dormouse.protocol.SessionHealthy;
import io.dormouse.protocol.SessionId;
import io.dormouse.protocol.SessionNeedsReauth;
import io.dormouse.protocol.SessionReauthenticated;
import io.dormouse.protocol.SessionUnhealthy;
import io.smallrye.mutiny.Uni;

/**
 * Turns the health-monitor's verdicts into the {@value SessionUnhealthy#TAG} and {@value SessionNeedsReauth#TAG}
 * tags, so agents and pool checkouts can
 * see or avoid unhealthy sessions with the tag filters they already use.
 */
@ApplicationScoped
public class HealthTags {
    private static final List<String> UNHEALTHY = List.of(SessionUnhealthy.TAG);
    private static final List<String> NEEDS_REAUTH = List.of(SessionNeedsReauth.TAG);

    @Inject
    SessionService sessions;

    public Uni<Void> apply(SessionEvent event) {
        return switch (event) {
            case SessionUnhealthy unhealthy -> tag(unhealthy.sessionId(), UNHEALTHY, List.of());
            case SessionHealthy healthy -> tag(healthy.sessionId(), List.of(), UNHEALTHY);
            case SessionNeedsReauth logout -> tag(logout.sessionId(), NEEDS_REAUTH, List.of());
            case SessionReauthenticated login -> tag(login.sessionId(), List.of(), NEEDS_REAUTH);
            default -> Uni.createFrom().voidItem();
        };
    }

    private Uni<Void> tag(SessionId id, List<String> add, List<String> remove) {
        return sessions.tenantOf(id).chain(tenant -> tenant == null
                ? Uni.createFrom().voidItem()
                : sessions.patchTags(CommandId.random(), id, tenant, add, remove).replaceWithVoid()
                        // Deleted since the verdict: nothing is left to tag.
                        .onFailure(failure -> failure instanceof SessionException refusal
                                && refusal.kind() == SessionException.Kind.GONE)
                        .recoverWithNull());
    }
}
