package io.dormouse.worker.browser;

import java.util.Locale;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.PlaywrightException;
import com.microsoft.playwright.Response;
import com.microsoft.playwright.TimeoutError;
import com.microsoft.playwright.options.LoadState;
import com.microsoft.playwright.options.WaitUntilState;

import io.dormouse.protocol.Action;
import io.dormouse.protocol.ActionError;
import io.dormouse.worker.policy.EgressProxy;
import io.dormouse.worker.policy.UrlJudge;

/**
 * Navigation actions: go to a URL the policy allows, reload, back, forward, and waiting for a URL. A navigation holds
 * the Playwright thread only up to its commit; the load state the agent asked for is then polled.
 */
final class NavigationSteps {
    private static final double LOAD_STATE_PROBE_MILLIS = 1;

    private NavigationSteps() {
    }

    static JsonNode navigate(ActionSteps steps, String requested, String waitUntil) {
        String url = switch (steps.policy.checkUrl(requested)) {
            case UrlJudge.Verdict.Allowed allowed -> allowed.url();
            case UrlJudge.Verdict.Denied denied -> throw new ActionException(ActionError.POLICY_DENIED,
                    denied.reason());
        };
        Response response = steps.onPage(page -> page.navigate(url,
                new Page.NavigateOptions().setWaitUntil(WaitUntilState.COMMIT).setTimeout(steps.remaining())));
        return afterNavigation(steps, response, waitUntil);
    }

    static JsonNode reload(ActionSteps steps, Action.Reload reload) {
        return afterNavigation(steps, steps.onPage(page -> page.reload(
                new Page.ReloadOptions().setWaitUntil(WaitUntilState.COMMIT).setTimeout(steps.remaining()))),
                reload.waitUntil());
    }

    static JsonNode back(ActionSteps steps, Action.Back back) {
        return afterNavigation(steps, steps.onPage(page -> page.goBack(
                new Page.GoBackOptions().setWaitUntil(WaitUntilState.COMMIT).setTimeout(steps.remaining()))),
                back.waitUntil());
    }

    static JsonNode forward(ActionSteps steps, Action.Forward forward) {
        return afterNavigation(steps, steps.onPage(page -> page.goForward(
                new Page.GoForwardOptions().setWaitUntil(WaitUntilState.COMMIT).setTimeout(steps.remaining()))),
                forward.waitUntil());
    }

    /** {@code {url, title, status}} once the page reached {@code waitUntil} (default {@code load}). */
    private static JsonNode afterNavigation(ActionSteps steps, Response response, String waitUntil) {
        if (response != null && "denied".equals(response.headers().get(EgressProxy.POLICY_HEADER))) {
            String reason = steps.session.egress.denialFor(ActionFailures.hostOf(response.url()));
            throw new ActionException(ActionError.POLICY_DENIED,
                    reason == null ? "the navigation policy blocked " + response.url() : reason);
        }
        LoadState loadState = switch (waitUntil == null ? "load" : waitUntil) {
            case "commit" -> null;
            case "domcontentloaded" -> LoadState.DOMCONTENTLOADED;
            case "networkidle" -> LoadState.NETWORKIDLE;
            default -> LoadState.LOAD;
        };
        if (loadState != null) {
            steps.poll(() -> {
                try {
                    steps.session.page().waitForLoadState(loadState,
                            new Page.WaitForLoadStateOptions().setTimeout(LOAD_STATE_PROBE_MILLIS));
                    return Optional.of(Boolean.TRUE);
                } catch (TimeoutError notYet) {
                    return Optional.empty();
                }
            }, () -> new ActionException(ActionError.TIMEOUT,
                    "the page did not reach '" + loadState.name().toLowerCase(Locale.ROOT) + "' in time"));
        }
        return steps.onPage(page -> {
            ObjectNode result = JsonNodeFactory.instance.objectNode();
            result.put("url", page.url());
            result.put("title", page.title());
            if (response != null) {
                result.put("status", response.status());
            } else {
                result.putNull("status");
            }
            return result;
        });
    }

    static JsonNode waitForUrl(ActionSteps steps, Action.WaitForUrl wait) {
        var pattern = wait.pattern();
        String url = steps.poll(() -> {
            Page page = steps.session.page();
            if (!pattern.matcher(page.url()).matches()) {
                // page.url() is what Playwright last heard; a round trip to the page lets it hear of navigations
                // the page started itself (a script, a redirect).
                try {
                    page.evaluate("0");
                } catch (PlaywrightException navigating) {
                    // The page is between documents: its next one is heard of on the next round.
                    return Optional.empty();
                }
            }
            String current = page.url();
            return pattern.matcher(current).matches() ? Optional.of(current) : Optional.empty();
        }, () -> new ActionException(ActionError.TIMEOUT,
                "the page URL did not match " + (wait.url() != null ? wait.url() : wait.regex()) + " in time"));
        return JsonNodeFactory.instance.textNode(url);
    }
}
