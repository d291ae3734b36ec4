package io.dormouse.worker.policy;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Reads a URL the way Chromium will (the WHATWG URL standard's first steps) and decides whether an agent may open it.
 * Fails closed: only the allowed schemes pass, and a URL whose scheme or host cannot be told is refused. Spellings
 * that {@link java.net.URI} rejects but Chromium opens ({@code file:///etc/hostname#{}, {@code fi\tle:…}, a leading
 * control character) are normalised first, so what is judged is what the browser would load.
 */
public final class UrlJudge {
    /** Schemes whose pages have a network host, which the egress proxy then checks. */
    private static final Set<String> NETWORK_SCHEMES = Set.of("http", "https");
    /** Wrappers that display another URL; unwrapped so a refusal names what was inside. */
    private static final Set<String> WRAPPER_SCHEMES = Set.of("view-source", "blob", "filesystem");
    private static final String ABOUT_BLANK = "about:blank";
    private static final int MAX_UNWRAP = 8;

    private final Set<String> allowedSchemes;

    /** {@code allowedSchemes}: any of http, https, about (which allows {@code about:blank} only), data, … */
    public UrlJudge(Set<String> allowedSchemes) {
        this.allowedSchemes = Set.copyOf(allowedSchemes.stream().map(s -> s.strip().toLowerCase(Locale.ROOT))
                .filter(s -> !s.isEmpty()).toList());
    }

    /** The outcome: the URL as the browser reads it, or why it may not be opened. */
    public sealed interface Verdict {
        /** Open {@code url}, the normalised spelling, rather than the agent's. */
        record Allowed(String url) implements Verdict {
        }

        record Denied(String reason) implements Verdict {
        }
    }

    /** The allowed schemes, sorted. */
    public List<String> allowed() {
        return allowedSchemes.stream().sorted().toList();
    }

    public Verdict judge(String raw) {
        if (raw == null) {
            return new Verdict.Denied("no URL given");
        }
        String url = normalise(raw);
        Optional<String> scheme = schemeOf(url);
        if (scheme.isEmpty()) {
            return new Verdict.Denied("'" + printable(raw) + "' is not an absolute URL with a scheme such as https:");
        }
        String name = scheme.get();
        String canonical = name + url.substring(name.length());
        if (!allowedSchemes.contains(name)) {
            return new Verdict.Denied("the " + describe(canonical, name) + " is not allowed by the navigation"
                    + " policy (allowed: " + String.join(", ", allowed()) + ")");
        }
        if (name.equals("about")) {
            return canonical.equals(ABOUT_BLANK)
                    ? new Verdict.Allowed(ABOUT_BLANK)
                    : new Verdict.Denied("only about:blank is allowed, not '" + printable(canonical) + "'");
        }
        if (NETWORK_SCHEMES.contains(name) && hostOf(canonical, name).isEmpty()) {
            return new Verdict.Denied("'" + printable(raw) + "' has no host");
        }
        return new Verdict.Allowed(canonical);
    }

    /**
     * Whether a page or frame may stay on {@code url}: what agents may open, plus what the browser itself shows for
     * them (about:srcdoc frames, blob: documents of a web origin, Chromium's error pages).
     */
    public boolean mayShow(String url) {
        Optional<String> scheme = schemeOf(normalise(url));
        if (scheme.isEmpty()) {
            return false;
        }
        return switch (scheme.get()) {
            case "about", "chrome-error" -> true;
            case "blob" -> {
                String inner = normalise(url).substring("blob:".length());
                yield schemeOf(inner).filter(NETWORK_SCHEMES::contains).isPresent();
            }
            default -> allowedSchemes.contains(scheme.get());
        };
    }

    /**
     * What the URL parser does before anything else: leading and trailing C0 controls and spaces go, and every tab
     * and newline anywhere is removed.
     */
    static String normalise(String raw) {
        int start = 0;
        int end = raw.length();
        while (start < end && raw.charAt(start) <= 0x20) {
            start++;
        }
        while (end > start && raw.charAt(end - 1) <= 0x20) {
            end--;
        }
        StringBuilder out = new StringBuilder(end - start);
        for (int i = start; i < end; i++) {
            char c = raw.charAt(i);
            if (c != '\t' && c != '\n' && c != '\r') {
                out.append(c);
            }
        }
        return out.toString();
    }

    /** The scheme, lower-cased, if the URL starts with one: an ASCII letter, then letters, digits, {@code +-.}. */
    static Optional<String> schemeOf(String url) {
        if (url.isEmpty() || !isAsciiLetter(url.charAt(0))) {
            return Optional.empty();
        }
        for (int i = 1; i < url.length(); i++) {
            char c = url.charAt(i);
            if (c == ':') {
                return Optional.of(url.substring(0, i).toLowerCase(Locale.ROOT));
            }
            if (!isAsciiLetter(c) && !(c >= '0' && c <= '9') && c != '+' && c != '-' && c != '.') {
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    /**
     * The host of a special-scheme URL as the parser finds it: after any slashes or backslashes, before the first
     * {@code / \ ? #}, without user info and port.
     */
    static String hostOf(String url, String scheme) {
        int i = scheme.length() + 1;
        while (i < url.length() && (url.charAt(i) == '/' || url.charAt(i) == '\\')) {
            i++;
        }
        int end = i;
        while (end < url.length() && "/\\?#".indexOf(url.charAt(end)) < 0) {
            end++;
        }
        String authority = url.substring(i, end);
        String hostAndPort = authority.substring(authority.lastIndexOf('@') + 1);
        if (hostAndPort.startsWith("[")) {
            int close = hostAndPort.indexOf(']');
            return close < 0 ? "" : hostAndPort.substring(0, close + 1);
        }
        int colon = hostAndPort.indexOf(':');
        return colon < 0 ? hostAndPort : hostAndPort.substring(0, colon);
    }

    /** "file: scheme", or for a wrapper "view-source: scheme (around file:)". */
    private static String describe(String url, String scheme) {
        StringBuilder description = new StringBuilder(scheme).append(": scheme");
        String inner = url;
        String current = scheme;
        for (int depth = 0; depth < MAX_UNWRAP && WRAPPER_SCHEMES.contains(current); depth++) {
            inner = normalise(inner.substring(current.length() + 1));
            Optional<String> next = schemeOf(inner);
            if (next.isEmpty()) {
                break;
            }
            current = next.get();
            description.append(depth == 0 ? " (around " : ", around ").append(current).append(':');
        }
        if (!current.equals(scheme)) {
            description.append(')');
        }
        return description.toString();
    }

    private static boolean isAsciiLetter(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    /** A URL for a message: control characters shown as escapes, long ones cut. */
    static String printable(String url) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < url.length() && out.length() < 200; i++) {
            char c = url.charAt(i);
            out.append(c < 0x20 || c == 0x7f ? String.format("\\x%02x", (int) c) : String.valueOf(c));
        }
        return url.length() > 200 ? out + "…" : out.toString();
    }
}
