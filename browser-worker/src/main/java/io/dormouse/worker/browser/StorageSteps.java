package io.dormouse.worker.browser;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.Cookie;

import io.dormouse.protocol.Action;
import io.dormouse.protocol.ActionError;
import io.dormouse.protocol.ProtocolJson;

/** Actions on what the session stores: its cookies, the active origin's localStorage, its extra HTTP headers. */
final class StorageSteps {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final String GET_LOCAL_STORAGE = "(keys) => Object.fromEntries(Object.keys(localStorage)"
            + ".filter(k => keys === null || keys.includes(k)).map(k => [k, localStorage.getItem(k)]))";
    private static final String SET_LOCAL_STORAGE = "(items) => { for (const [k, v] of Object.entries(items)) {"
            + " if (v === null) localStorage.removeItem(k); else localStorage.setItem(k, v); }"
            + " return localStorage.length; }";

    private StorageSteps() {
    }

    static JsonNode cookies(ActionSteps steps) {
        return CookieJson.of(steps.call(steps.session.context::cookies));
    }

    static JsonNode addCookies(ActionSteps steps, Action.AddCookies add) {
        List<Cookie> cookies = CookieJson.toPlaywright(add.cookies());
        steps.run(() -> steps.session.context.addCookies(cookies));
        return JSON.numberNode(cookies.size());
    }

    static JsonNode clearCookies(ActionSteps steps) {
        steps.run(steps.session.context::clearCookies);
        return JSON.nullNode();
    }

    static JsonNode localStorage(ActionSteps steps, Action.GetLocalStorage get) {
        return inLocalStorage(steps, GET_LOCAL_STORAGE, get.keys());
    }

    static JsonNode setLocalStorage(ActionSteps steps, Action.SetLocalStorage set) {
        return inLocalStorage(steps, SET_LOCAL_STORAGE, set.items());
    }

    /** The headers also go into the session's snapshot, so a rehydrated context sends them too. */
    static JsonNode setExtraHttpHeaders(ActionSteps steps, Action.SetExtraHttpHeaders headers) {
        steps.run(() -> {
            steps.session.context.setExtraHTTPHeaders(headers.headers());
            steps.session.extraHttpHeaders = headers.headers();
        });
        return JSON.nullNode();
    }

    private static JsonNode inLocalStorage(ActionSteps steps, String script, Object arg) {
        return steps.onPage(page -> {
            requireOrigin(page);
            return ProtocolJson.mapper().valueToTree(page.evaluate(script, arg));
        });
    }

    private static void requireOrigin(Page page) {
        Object origin = page.evaluate("() => location.origin");
        if (origin == null || "null".equals(origin)) {
            throw new ActionException(ActionError.INVALID_COMMAND,
                    "the active page (" + page.url() + ") has no origin, so it has no localStorage");
        }
    }
}
