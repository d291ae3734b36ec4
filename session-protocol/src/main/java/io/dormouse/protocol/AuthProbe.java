package io.dormouse.protocol;

import java.util.regex.Pattern;

/**
 * How a worker tells a logged-in session of a profile from a logged-out one. Every check given must hold: the cookie
 * {@code requiredCookie} exists, the JS expression {@code loggedInExpression} is truthy on the active page, and the
 * active page's URL does not match {@code loggedOutUrlPattern} (an RE2 regular expression found anywhere in the URL). It
 * runs when a session becomes active on a worker and every {@code intervalSeconds} while it stays there.
 */
public record AuthProbe(String requiredCookie, String loggedInExpression, String loggedOutUrlPattern,
        Integer intervalSeconds) {
    public static final int DEFAULT_INTERVAL_SECONDS = 300;
    public static final int MIN_INTERVAL_SECONDS = 5;
    public static final int MAX_EXPRESSION_LENGTH = 4096;
    private static final Pattern COOKIE_NAME = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]{1,256}");

    /** Names of the checks, as a failed probe reports them. */
    public static final String COOKIE = "cookie";
    public static final String EXPRESSION = "expression";
    public static final String URL = "url";

    public AuthProbe {
        if (requiredCookie == null && loggedInExpression == null && loggedOutUrlPattern == null) {
            throw new IllegalArgumentException(
                    "an auth probe needs at least one of requiredCookie, loggedInExpression, loggedOutUrlPattern");
        }
        if (requiredCookie != null && !COOKIE_NAME.matcher(requiredCookie).matches()) {
            throw new IllegalArgumentException("requiredCookie is not a cookie name: '" + requiredCookie + "'");
        }
        if (loggedInExpression != null
                && (loggedInExpression.isBlank() || loggedInExpression.length() > MAX_EXPRESSION_LENGTH)) {
            throw new IllegalArgumentException(
                    "loggedInExpression must be 1 to " + MAX_EXPRESSION_LENGTH + " characters");
        }
        if (loggedOutUrlPattern != null) {
            try {
                com.google.re2j.Pattern.compile(loggedOutUrlPattern);
            } catch (com.google.re2j.PatternSyntaxException e) {
                throw new IllegalArgumentException("loggedOutUrlPattern is not a regular expression in RE2 syntax"
                        + " (no backreferences or lookaround): " + e.getDescription(), e);
            }
        }
        if (intervalSeconds == null) {
            intervalSeconds = DEFAULT_INTERVAL_SECONDS;
        } else if (intervalSeconds < MIN_INTERVAL_SECONDS) {
            throw new IllegalArgumentException("intervalSeconds must be at least " + MIN_INTERVAL_SECONDS);
        }
    }

    /** Whether {@code url} is one the site shows to logged-out users; RE2, so linear in the URL's length. */
    public boolean loggedOutAt(String url) {
        return loggedOutUrlPattern != null && url != null
                && com.google.re2j.Pattern.compile(loggedOutUrlPattern).matcher(url).find();
    }
}
