package io.dormouse.protocol;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * A page action a worker runs in a session's active page. The JSON {@code type} names the action. Every action is
 * bounded by its command's timeout; {@link #changesState()} tells the worker which ones are worth a checkpoint.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
        @JsonSubTypes.Type(value = Action.Navigate.class, name = "navigate"),
        @JsonSubTypes.Type(value = Action.Reload.class, name = "reload"),
        @JsonSubTypes.Type(value = Action.Back.class, name = "back"),
        @JsonSubTypes.Type(value = Action.Forward.class, name = "forward"),
        @JsonSubTypes.Type(value = Action.Evaluate.class, name = "evaluate"),
        @JsonSubTypes.Type(value = Action.Click.class, name = "click"),
        @JsonSubTypes.Type(value = Action.Fill.class, name = "fill"),
        @JsonSubTypes.Type(value = Action.Type.class, name = "type"),
        @JsonSubTypes.Type(value = Action.Press.class, name = "press"),
        @JsonSubTypes.Type(value = Action.SelectOption.class, name = "selectOption"),
        @JsonSubTypes.Type(value = Action.Hover.class, name = "hover"),
        @JsonSubTypes.Type(value = Action.Check.class, name = "check"),
        @JsonSubTypes.Type(value = Action.WaitForSelector.class, name = "waitForSelector"),
        @JsonSubTypes.Type(value = Action.WaitForUrl.class, name = "waitForUrl"),
        @JsonSubTypes.Type(value = Action.GetCookies.class, name = "cookies"),
        @JsonSubTypes.Type(value = Action.AddCookies.class, name = "addCookies"),
        @JsonSubTypes.Type(value = Action.ClearCookies.class, name = "clearCookies"),
        @JsonSubTypes.Type(value = Action.GetLocalStorage.class, name = "getLocalStorage"),
        @JsonSubTypes.Type(value = Action.SetLocalStorage.class, name = "setLocalStorage"),
        @JsonSubTypes.Type(value = Action.SetExtraHttpHeaders.class, name = "setExtraHttpHeaders"),
        @JsonSubTypes.Type(value = Action.Screenshot.class, name = "screenshot"),
        @JsonSubTypes.Type(value = Action.Pdf.class, name = "pdf"),
        @JsonSubTypes.Type(value = Action.GetUrl.class, name = "url"),
        @JsonSubTypes.Type(value = Action.GetTitle.class, name = "title"),
        @JsonSubTypes.Type(value = Action.GetContent.class, name = "content"),
        @JsonSubTypes.Type(value = Action.AriaSnapshot.class, name = "ariaSnapshot"),
        @JsonSubTypes.Type(value = Action.NewPage.class, name = "newPage"),
        @JsonSubTypes.Type(value = Action.ListPages.class, name = "listPages"),
        @JsonSubTypes.Type(value = Action.SwitchPage.class, name = "switchPage"),
        @JsonSubTypes.Type(value = Action.ClosePage.class, name = "closePage")
})
public sealed interface Action {
    int MAX_SELECTOR_LENGTH = 4_096;
    int MAX_TEXT_LENGTH = 1_048_576;
    int MAX_ITEMS = 500;
    String WAIT_UNTIL_VALUES = "load|domcontentloaded|networkidle|commit";

    /**
     * Whether the action can change what a snapshot holds (page, cookies, storage, tabs). Read-only actions do not
     * schedule a checkpoint.
     */
    default boolean changesState() {
        return true;
    }

    /** Navigates the active page. {@code waitUntil}: load (default), domcontentloaded, networkidle, commit. */
    record Navigate(String url, String waitUntil) implements Action {
        public Navigate {
            requireText(url, "url", MAX_TEXT_LENGTH);
            requireWaitUntil(waitUntil);
        }
    }

    record Reload(String waitUntil) implements Action {
        public Reload {
            requireWaitUntil(waitUntil);
        }
    }

    /** Goes one entry back in the active page's history; the result's {@code url} is null when there was none. */
    record Back(String waitUntil) implements Action {
        public Back {
            requireWaitUntil(waitUntil);
        }
    }

    record Forward(String waitUntil) implements Action {
        public Forward {
            requireWaitUntil(waitUntil);
        }
    }

    /** Evaluates a JavaScript expression or function in the page; {@code arg} is passed to a function. */
    record Evaluate(String expression, JsonNode arg) implements Action {
        public Evaluate {
            requireText(expression, "expression", MAX_TEXT_LENGTH);
        }
    }

    record Click(String selector) implements Action {
        public Click {
            requireSelector(selector);
        }
    }

    /** Replaces the value of an input, textarea or contenteditable element. */
    record Fill(String selector, String value) implements Action {
        public Fill {
            requireSelector(selector);
            requirePresent(value, "value");
            requireLength(value, "value", MAX_TEXT_LENGTH);
        }
    }

    /** Types {@code text} key by key, {@code delayMillis} apart (0 to 1000), for pages that listen to key events. */
    record Type(String selector, String text, Integer delayMillis) implements Action {
        public Type {
            requireSelector(selector);
            requirePresent(text, "text");
            requireLength(text, "text", 10_000);
            if (delayMillis != null && (delayMillis < 0 || delayMillis > 1_000)) {
                throw new IllegalArgumentException("delayMillis must be between 0 and 1000, got " + delayMillis);
            }
        }
    }

    /** Presses a key or chord, e.g. {@code Enter} or {@code Control+A}, in the element. */
    record Press(String selector, String key) implements Action {
        public Press {
            requireSelector(selector);
            requireText(key, "key", 100);
        }
    }

    /** Selects the options of a {@code <select>} by value or label. */
    record SelectOption(String selector, List<String> values) implements Action {
        public SelectOption {
            requireSelector(selector);
            requirePresent(values, "values");
            requireCount(values.size(), "values");
            values = List.copyOf(values);
        }
    }

    record Hover(String selector) implements Action {
        public Hover {
            requireSelector(selector);
        }
    }

    /** Checks ({@code checked}: true, the default) or unchecks a checkbox or radio button. */
    record Check(String selector, Boolean checked) implements Action {
        public Check {
            requireSelector(selector);
        }

        public boolean wantsChecked() {
            return checked == null || checked;
        }
    }

    /** {@code state}: attached, detached, visible (default), hidden. */
    record WaitForSelector(String selector, String state) implements Action {
        public WaitForSelector {
            requireSelector(selector);
            if (state != null && !state.matches("attached|detached|visible|hidden")) {
                throw new IllegalArgumentException(
                        "state must be one of attached, detached, visible, hidden, got '" + state + "'");
            }
        }

        @Override
        public boolean changesState() {
            return false;
        }
    }

    /**
     * Waits until the active page's URL matches: {@code url} is a glob ({@code *} within a path segment, {@code **}
     * across segments), {@code regex} a Java regular expression; exactly one of them.
     */
    record WaitForUrl(String url, String regex) implements Action {
        public WaitForUrl {
            if ((url == null) == (regex == null)) {
                throw new IllegalArgumentException("waitForUrl needs exactly one of url (a glob) or regex");
            }
            if (url != null) {
                requireText(url, "url", MAX_TEXT_LENGTH);
            } else {
                requireText(regex, "regex", MAX_SELECTOR_LENGTH);
                try {
                    com.google.re2j.Pattern.compile(regex);
                } catch (com.google.re2j.PatternSyntaxException e) {
                    throw new IllegalArgumentException("regex is not a regular expression this worker can run in"
                            + " linear time (RE2 syntax: no backreferences or lookaround): " + e.getDescription());
                }
            }
        }

        /**
         * The pattern a URL must match in full. RE2 matches in time linear in the URL, so an agent's pattern cannot
         * stall the worker's shared Playwright thread with catastrophic backtracking.
         */
        public com.google.re2j.Pattern pattern() {
            return regex != null ? com.google.re2j.Pattern.compile(regex) : globToRegex(url);
        }

        @Override
        public boolean changesState() {
            return false;
        }

        private static com.google.re2j.Pattern globToRegex(String glob) {
            StringBuilder regex = new StringBuilder();
            for (int i = 0; i < glob.length(); i++) {
                char c = glob.charAt(i);
                if (c == '*' && i + 1 < glob.length() && glob.charAt(i + 1) == '*') {
                    regex.append(".*");
                    i++;
                } else if (c == '*') {
                    regex.append("[^/]*");
                } else if (c == '?') {
                    regex.append("[^/]");
                } else {
                    regex.append(com.google.re2j.Pattern.quote(String.valueOf(c)));
                }
            }
            return com.google.re2j.Pattern.compile(regex.toString());
        }
    }

    record GetCookies() implements Action {
        @Override
        public boolean changesState() {
            return false;
        }
    }

    /** Adds cookies to the session; each needs {@code url}, or {@code domain} and {@code path}. */
    record AddCookies(List<CookieParam> cookies) implements Action {
        public AddCookies {
            requirePresent(cookies, "cookies");
            if (cookies.isEmpty()) {
                throw new IllegalArgumentException("cookies must not be empty");
            }
            requireCount(cookies.size(), "cookies");
            cookies = List.copyOf(cookies);
        }
    }

    /**
     * A cookie to add. {@code expires}: seconds since the epoch, absent for a session cookie. {@code sameSite}: Strict,
     * Lax or None.
     */
    record CookieParam(String name, String value, String url, String domain, String path, Double expires,
            Boolean httpOnly, Boolean secure, String sameSite) {
        public CookieParam {
            requireText(name, "cookies[].name", 4_096);
            requirePresent(value, "cookies[].value");
            requireLength(value, "cookies[].value", 4_096);
            if (url == null && (domain == null || path == null)) {
                throw new IllegalArgumentException("cookie '" + name + "' needs url, or domain and path");
            }
            if (sameSite != null && !sameSite.matches("Strict|Lax|None")) {
                throw new IllegalArgumentException("cookies[].sameSite must be Strict, Lax or None, got '" + sameSite
                        + "'");
            }
        }
    }

    record ClearCookies() implements Action {
    }

    /** The active page origin's localStorage: all of it, or only {@code keys}. */
    record GetLocalStorage(List<String> keys) implements Action {
        public GetLocalStorage {
            if (keys != null) {
                requireCount(keys.size(), "keys");
                keys = List.copyOf(keys);
            }
        }

        @Override
        public boolean changesState() {
            return false;
        }
    }

    /** Sets items of the active page origin's localStorage; a null value removes the item. */
    record SetLocalStorage(Map<String, String> items) implements Action {
        public SetLocalStorage {
            requirePresent(items, "items");
            requireCount(items.size(), "items");
            items = Collections.unmodifiableMap(new LinkedHashMap<>(items));
        }
    }

    /** Headers sent with every request of the session from now on, kept across hibernation; empty clears them. */
    record SetExtraHttpHeaders(Map<String, String> headers) implements Action {
        public SetExtraHttpHeaders {
            requirePresent(headers, "headers");
            requireCount(headers.size(), "headers");
            headers.forEach((name, value) -> {
                if (name == null || !name.matches("[!#$%&'*+.^_`|~0-9A-Za-z-]+")) {
                    throw new IllegalArgumentException("headers has an invalid header name '" + name + "'");
                }
                requirePresent(value, "headers." + name);
            });
            headers = Map.copyOf(headers);
        }
    }

    /** A PNG of the viewport, the full page ({@code fullPage}) or one element ({@code selector}). */
    record Screenshot(String selector, Boolean fullPage) implements Action {
        public Screenshot {
            if (selector != null) {
                requireSelector(selector);
                if (Boolean.TRUE.equals(fullPage)) {
                    throw new IllegalArgumentException("screenshot takes either selector or fullPage, not both");
                }
            }
        }

        @Override
        public boolean changesState() {
            return false;
        }
    }

    /** The active page printed to PDF (A4 unless {@code format} names another paper size). */
    record Pdf(String format) implements Action {
        public Pdf {
            if (format != null && !format.matches("Letter|Legal|Tabloid|Ledger|A0|A1|A2|A3|A4|A5|A6")) {
                throw new IllegalArgumentException("format must be a paper size such as A4 or Letter, got '" + format
                        + "'");
            }
        }

        @Override
        public boolean changesState() {
            return false;
        }
    }

    record GetUrl() implements Action {
        @Override
        public boolean changesState() {
            return false;
        }
    }

    record GetTitle() implements Action {
        @Override
        public boolean changesState() {
            return false;
        }
    }

    record GetContent() implements Action {
        @Override
        public boolean changesState() {
            return false;
        }
    }

    /**
     * The accessibility tree of the active page, or of the element {@code selector} names, as YAML text written for a
     * model to read: roles, names, states, and a reference {@code [ref=e5]} for each element a later action can target
     * with the selector {@code aria-ref=e5} (until the next snapshot of that page). {@code depth} bounds how deep it goes.
     */
    record AriaSnapshot(String selector, Integer depth) implements Action {
        public AriaSnapshot {
            if (selector != null) {
                requireSelector(selector);
            }
            if (depth != null && (depth < 1 || depth > 100)) {
                throw new IllegalArgumentException("depth must be between 1 and 100, got " + depth);
            }
        }

        @Override
        public boolean changesState() {
            return false;
        }
    }

    /** Opens a tab, at {@code url} if given, and makes it the active page. */
    record NewPage(String url) implements Action {
        public NewPage {
            if (url != null) {
                requireText(url, "url", MAX_TEXT_LENGTH);
            }
        }
    }

    /** The session's tabs: index, URL, title and which one is active. */
    record ListPages() implements Action {
        @Override
        public boolean changesState() {
            return false;
        }
    }

    /** Makes the tab at {@code index} (as listed by listPages) the active page. */
    record SwitchPage(int index) implements Action {
        public SwitchPage {
            requireIndex(index);
        }
    }

    /** Closes the tab at {@code index}; the first remaining tab becomes active if it was. */
    record ClosePage(int index) implements Action {
        public ClosePage {
            requireIndex(index);
        }
    }

    private static void requireWaitUntil(String waitUntil) {
        if (waitUntil != null && !waitUntil.matches(WAIT_UNTIL_VALUES)) {
            throw new IllegalArgumentException(
                    "waitUntil must be one of load, domcontentloaded, networkidle, commit, got '" + waitUntil + "'");
        }
    }

    private static void requireSelector(String selector) {
        requireText(selector, "selector", MAX_SELECTOR_LENGTH);
    }

    private static void requireIndex(int index) {
        if (index < 0 || index >= MAX_ITEMS) {
            throw new IllegalArgumentException("index must be between 0 and " + (MAX_ITEMS - 1) + ", got " + index);
        }
    }

    private static void requireCount(int count, String field) {
        if (count > MAX_ITEMS) {
            throw new IllegalArgumentException(field + " has " + count + " entries, more than " + MAX_ITEMS);
        }
    }

    private static void requirePresent(Object value, String field) {
        if (value == null) {
            throw new IllegalArgumentException(field + " is required");
        }
    }

    private static void requireLength(String value, String field, int max) {
        if (value.length() > max) {
            throw new IllegalArgumentException(field + " is longer than " + max + " characters");
        }
    }

    private static void requireText(String value, String field, int max) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(field + " is required");
        }
        requireLength(value, field, max);
    }
}
