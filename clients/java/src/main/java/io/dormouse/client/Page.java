package io.dormouse.client;

import java.util.Base64;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import io.dormouse.protocol.Action;
import io.dormouse.protocol.ProtocolJson;

/** The session's active tab. Every method is one action on the session; the typed actions are session-protocol's. */
public final class Page {
    private final Session session;

    Page(Session session) {
        this.session = session;
    }

    public Session session() {
        return session;
    }

    private JsonNode run(Action action) {
        return session.act(action).result();
    }

    public String url() {
        return run(new Action.GetUrl()).asText();
    }

    public String title() {
        return run(new Action.GetTitle()).asText();
    }

    public String content() {
        return run(new Action.GetContent()).asText();
    }

    /** Navigates and waits for {@code load}; {@code {url, title, status}}. */
    public JsonNode navigate(String url) {
        return run(new Action.Navigate(url, null));
    }

    /** {@code waitUntil}: load, domcontentloaded, networkidle or commit. */
    public JsonNode navigate(String url, String waitUntil) {
        return run(new Action.Navigate(url, waitUntil));
    }

    public JsonNode reload() {
        return run(new Action.Reload(null));
    }

    public JsonNode goBack() {
        return run(new Action.Back(null));
    }

    public JsonNode goForward() {
        return run(new Action.Forward(null));
    }

    /** Waits until an element matches and is visible. */
    public void waitForSelector(String selector) {
        run(new Action.WaitForSelector(selector, null));
    }

    /** Waits until the page's URL matches the regular expression. */
    public String waitForUrlMatching(String regex) {
        return run(new Action.WaitForUrl(null, regex)).asText();
    }

    /** Runs an expression or a function in the page; awaits a promise; its JSON value. */
    public JsonNode evaluate(String expression) {
        return run(new Action.Evaluate(expression, null));
    }

    /** Runs a function with {@code arg} (any value Jackson can write). */
    public JsonNode evaluate(String function, Object arg) {
        return run(new Action.Evaluate(function, ProtocolJson.mapper().valueToTree(arg)));
    }

    public void click(String selector) {
        run(new Action.Click(selector));
    }

    public void hover(String selector) {
        run(new Action.Hover(selector));
    }

    public void fill(String selector, String value) {
        run(new Action.Fill(selector, value));
    }

    public void type(String selector, String text) {
        run(new Action.Type(selector, text, null));
    }

    public void press(String selector, String key) {
        run(new Action.Press(selector, key));
    }

    public JsonNode selectOption(String selector, List<String> values) {
        return run(new Action.SelectOption(selector, values));
    }

    public void check(String selector, boolean checked) {
        run(new Action.Check(selector, checked));
    }

    /** {@code [{name, value, domain, path, expires, httpOnly, secure, sameSite}]}. */
    public JsonNode cookies() {
        return run(new Action.GetCookies());
    }

    public void addCookies(List<Action.CookieParam> cookies) {
        run(new Action.AddCookies(cookies));
    }

    public void clearCookies() {
        run(new Action.ClearCookies());
    }

    public JsonNode localStorage(List<String> keys) {
        return run(new Action.GetLocalStorage(keys));
    }

    /** Sets items; a null value removes the key. */
    public void setLocalStorage(Map<String, String> items) {
        run(new Action.SetLocalStorage(items));
    }

    public void setExtraHttpHeaders(Map<String, String> headers) {
        run(new Action.SetExtraHttpHeaders(headers));
    }

    /** PNG bytes of the viewport, or of the whole page. */
    public byte[] screenshot(boolean fullPage) {
        return screenshot(null, fullPage);
    }

    /** A PNG of the element {@code selector}, or of the viewport or the full page when it is null (not both). */
    public byte[] screenshot(String selector, boolean fullPage) {
        return file(run(new Action.Screenshot(selector, fullPage)));
    }

    /**
     * The accessibility tree of the page (or of the element {@code selector}) as YAML text for a model; each element
     * carries a {@code [ref=e5]} that later actions target with the selector {@code aria-ref=e5}.
     */
    public String ariaSnapshot(String selector, Integer depth) {
        return run(new Action.AriaSnapshot(selector, depth)).asText();
    }

    public byte[] pdf() {
        return file(run(new Action.Pdf(null)));
    }

    private byte[] file(JsonNode result) {
        if (result.hasNonNull("data")) {
            return Base64.getDecoder().decode(result.get("data").asText());
        }
        // Larger files are claim-checked: the result names where the registry serves them.
        return session.client().http().send("GET", result.path("href").asText(), null, Map.of(),
                Map.of("Accept", "*/*"), session.client().http().timeout).bytes();
    }
}
