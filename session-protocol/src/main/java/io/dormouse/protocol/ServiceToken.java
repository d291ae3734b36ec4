package io.dormouse.protocol;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * The shared bearer token an internal service API (the hibernation-store's, the health-monitor's) is called with. The
 * comparison takes the same time whatever the guess, so the token cannot be found a character at a time.
 */
public final class ServiceToken {
    private static final String BEARER = "Bearer ";

    private ServiceToken() {
    }

    /** Whether an {@code Authorization} header carries {@code token}; a blank token matches nothing. */
    public static boolean matches(String authorizationHeader, String token) {
        if (token == null || token.isBlank() || authorizationHeader == null
                || !authorizationHeader.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return false;
        }
        return MessageDigest.isEqual(authorizationHeader.substring(BEARER.length()).strip()
                .getBytes(StandardCharsets.UTF_8), token.getBytes(StandardCharsets.UTF_8));
    }

    /** The header value that presents {@code token}. */
    public static String header(String token) {
        return BEARER + token;
    }
}
