package io.dormouse.worker.browser;

import java.util.List;
import java.util.Locale;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.PlaywrightException;
import com.microsoft.playwright.Response;
import com.microsoft.playwright.TimeoutError;
import com.microsoft.playwright.options.Cookie;
import com.microsoft.playwright.options.WaitForSelectorState;
import com.microsoft.playwright.options.WaitUntilState;

import io.dormouse.protocol.Action;
import io.dormouse.protocol.ActionError;
import io.dormouse.protocol.ProtocolJson;

/** Runs one {@link Action} on a live session's page and returns its JSON result. Playwright thread only. */
final class ActionRunner {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final String INNER_MESSAGE = "message='";

    private ActionRunner() {
    }

    static JsonNode run(LiveSession session, Action action, double timeoutMillis) {
        Page page = session.page();
        try {
            return switch (action) {
                case Action.Navigate navigate -> navigate(page, navigate, timeoutMillis);
                case Action.Reload reload -> pageInfo(page, page.reload(new Page.ReloadOptions()
                        .setTimeout(timeoutMillis)));
                case Action.Evaluate evaluate -> evaluate(page, evaluate);
                case Action.Click click -> {
                    page.click(click.selector(), new Page.ClickOptions().setTimeout(timeoutMillis));
                    yield JSON.nullNode();
                }
                case Action.Fill fill -> {
                    page.fill(fill.selector(), fill.value(), new Page.FillOptions().setTimeout(timeoutMillis));
                    yield JSON.nullNode();
                }
                case Action.WaitForSelector wait -> {
                    page.waitForSelector(wait.selector(), new Page.WaitForSelectorOptions()
                            .setState(wait.state() == null
                                    ? WaitForSelectorState.VISIBLE
                                    : WaitForSelectorState.valueOf(wait.state().toUpperCase(Locale.ROOT)))
                            .setTimeout(timeoutMillis));
                    yield JSON.booleanNode(true);
                }
                case Action.GetCookies cookies -> cookies(session.context.cookies());
                case Action.GetUrl url -> JSON.textNode(page.url());
                case Action.GetTitle title -> JSON.textNode(page.title());
                case Action.GetContent content -> JSON.textNode(page.content());
            };
        } catch (TimeoutError e) {
            throw new ActionException(timeoutCode(action), firstLine(e), e);
        } catch (PlaywrightException e) {
            throw new ActionException(failureCode(action, e), firstLine(e), e);
        }
    }

    private static JsonNode navigate(Page page, Action.Navigate navigate, double timeoutMillis) {
        WaitUntilState waitUntil = navigate.waitUntil() == null
                ? WaitUntilState.LOAD
                : WaitUntilState.valueOf(navigate.waitUntil().toUpperCase(Locale.ROOT));
        Response response = page.navigate(navigate.url(),
                new Page.NavigateOptions().setTimeout(timeoutMillis).setWaitUntil(waitUntil));
        return pageInfo(page, response);
    }

    private static ObjectNode pageInfo(Page page, Response response) {
        ObjectNode result = JSON.objectNode();
        result.put("url", page.url());
        result.put("title", page.title());
        if (response != null) {
            result.put("status", response.status());
        }
        return result;
    }

    private static JsonNode evaluate(Page page, Action.Evaluate evaluate) {
        Object arg = evaluate.arg() == null ? null : ProtocolJson.mapper().convertValue(evaluate.arg(), Object.class);
        return ProtocolJson.mapper().valueToTree(page.evaluate(evaluate.expression(), arg));
    }

    private static JsonNode cookies(List<Cookie> cookies) {
        var array = JSON.arrayNode();
        for (Cookie cookie : cookies) {
            ObjectNode node = array.addObject();
            node.put("name", cookie.name);
            node.put("value", cookie.value);
            node.put("domain", cookie.domain);
            node.put("path", cookie.path);
            node.put("expires", cookie.expires == null ? -1 : cookie.expires);
            node.put("httpOnly", Boolean.TRUE.equals(cookie.httpOnly));
            node.put("secure", Boolean.TRUE.equals(cookie.secure));
            if (cookie.sameSite != null) {
                node.put("sameSite", cookie.sameSite.name());
            }
        }
        return array;
    }

    private static String timeoutCode(Action action) {
        return switch (action) {
            case Action.Click c -> ActionError.SELECTOR_NOT_FOUND;
            case Action.Fill f -> ActionError.SELECTOR_NOT_FOUND;
            default -> ActionError.TIMEOUT;
        };
    }

    private static String failureCode(Action action, PlaywrightException e) {
        String message = String.valueOf(e.getMessage());
        if (message.contains("Target crashed") || message.contains("Page crashed")) {
            return ActionError.PAGE_CRASHED;
        }
        return switch (action) {
            case Action.Navigate n -> ActionError.NAVIGATION_FAILED;
            case Action.Reload r -> ActionError.NAVIGATION_FAILED;
            case Action.Evaluate ev -> ActionError.EVALUATION_FAILED;
            default -> ActionError.INTERNAL;
        };
    }

    /**
     * Playwright Java wraps the driver's error as {@code Error { message='...' name=... stack=... }} followed by a call
     * log; the first line of the inner message is the reason.
     */
    static String firstLine(PlaywrightException e) {
        String message = String.valueOf(e.getMessage()).strip();
        int inner = message.indexOf(INNER_MESSAGE);
        if (inner >= 0) {
            message = message.substring(inner + INNER_MESSAGE.length());
        }
        int newline = message.indexOf('\n');
        String line = (newline < 0 ? message : message.substring(0, newline)).strip();
        return line.endsWith("'") ? line.substring(0, line.length() - 1) : line;
    }
}
