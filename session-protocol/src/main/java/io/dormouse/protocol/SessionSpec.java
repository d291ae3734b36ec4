package io.dormouse.protocol;

import java.time.ZoneId;
import java.util.IllformedLocaleException;
import java.util.Locale;
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
    private static final int MAX_USER_AGENT_LENGTH = 512;
    private static final int MAX_LOCALE_LENGTH = 35;

    public SessionSpec {
        if (profile == null || !PROFILE.matcher(profile).matches()) {
            throw new IllegalArgumentException("profile must be 1 to 64 of [A-Za-z0-9._-], got '" + profile + "'");
        }
        requireUserAgent(userAgent);
        requireLocale(locale);
        requireTimezone(timezone);
        viewport = Objects.requireNonNullElse(viewport, Viewport.DEFAULT);
        hibernationTier = Objects.requireNonNullElse(hibernationTier, HibernationTier.WARM);
        health = Objects.requireNonNullElse(health, ProfileHealth.NONE);
    }

    /** A spec as a client states it; the registry fills in {@code health} from the profile. */
    public SessionSpec(String profile, Viewport viewport, ProxySettings proxy, String userAgent, String locale,
            String timezone, HibernationTier hibernationTier) {
        this(profile, viewport, proxy, userAgent, locale, timezone, hibernationTier, null);
    }

    /** A header value: printable, one line, bounded (CR/LF would inject headers; Chromium refuses the rest). */
    private static void requireUserAgent(String userAgent) {
        if (userAgent == null) {
            return;
        }
        if (userAgent.isBlank() || userAgent.length() > MAX_USER_AGENT_LENGTH) {
            throw new IllegalArgumentException("userAgent: must be 1 to " + MAX_USER_AGENT_LENGTH + " characters");
        }
        if (userAgent.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            throw new IllegalArgumentException("userAgent: must not contain control characters (CR, LF, tab, …)");
        }
    }

    /** A well-formed BCP 47 language tag such as {@code de-DE}. */
    private static void requireLocale(String locale) {
        if (locale == null) {
            return;
        }
        if (locale.length() > MAX_LOCALE_LENGTH) {
            throw new IllegalArgumentException("locale: must be a BCP 47 language tag such as de-DE, got a tag of "
                    + locale.length() + " characters");
        }
        try {
            new Locale.Builder().setLanguageTag(locale);
        } catch (IllformedLocaleException e) {
            throw new IllegalArgumentException("locale: must be a BCP 47 language tag such as de-DE, got '"
                    + locale + "'");
        }
    }

    /** An IANA time zone this JVM knows, such as {@code Europe/Berlin}. */
    private static void requireTimezone(String timezone) {
        if (timezone != null && !ZoneId.getAvailableZoneIds().contains(timezone)) {
            throw new IllegalArgumentException("timezone: must be an IANA time zone such as Europe/Berlin, got '"
                    + (timezone.length() > 64 ? timezone.substring(0, 64) + "…" : timezone) + "'");
        }
    }

    public SessionSpec withProxy(ProxySettings proxySettings) {
        return new SessionSpec(profile, viewport, proxySettings, userAgent, locale, timezone, hibernationTier, health);
    }

    /** The spec as events and logs may carry it: a proxy's password left out. */
    public SessionSpec redacted() {
        return proxy == null || proxy.password() == null
                ? this
                : withProxy(new ProxySettings(proxy.server(), proxy.username(), null));
    }

    public SessionSpec withHealth(ProfileHealth profileHealth) {
        return new SessionSpec(profile, viewport, proxy, userAgent, locale, timezone, hibernationTier, profileHealth);
    }

    public static SessionSpec ofProfile(String profile) {
        return new SessionSpec(profile, null, null, null, null, null, null);
    }
}
