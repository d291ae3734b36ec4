package io.dormouse.protocol;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * How a session's browser context is built and watched: what a worker needs to create or rehydrate it, and its
 * profile's {@link ProfileHealth}.
 */
public record SessionSpec(
        String profile,
        Viewport viewport,
        ProxySettings proxy,
        String userAgent,
        String locale,
        String timezone,
        HibernationTier hibernationTier,
        ProfileHealth health) {
    private static final Pattern PROFILE = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    public SessionSpec {
        if (profile == null || !PROFILE.matcher(profile).matches()) {
            throw new IllegalArgumentException("profile must be 1 to 64 of [A-Za-z0-9._-], got '" + profile + "'");
        }
        viewport = Objects.requireNonNullElse(viewport, Viewport.DEFAULT);
        hibernationTier = Objects.requireNonNullElse(hibernationTier, HibernationTier.WARM);
        health = Objects.requireNonNullElse(health, ProfileHealth.NONE);
    }

    /** A spec as a client states it; the registry fills in {@code health} from the profile. */
    public SessionSpec(String profile, Viewport viewport, ProxySettings proxy, String userAgent, String locale,
            String timezone, HibernationTier hibernationTier) {
        this(profile, viewport, proxy, userAgent, locale, timezone, hibernationTier, null);
    }

    public SessionSpec withHealth(ProfileHealth profileHealth) {
        return new SessionSpec(profile, viewport, proxy, userAgent, locale, timezone, hibernationTier, profileHealth);
    }

    public static SessionSpec ofProfile(String profile) {
        return new SessionSpec(profile, null, null, null, null, null, null);
    }
}
