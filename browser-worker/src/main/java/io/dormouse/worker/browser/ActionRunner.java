package io.dormouse.worker.browser;

import com.fasterxml.jackson.databind.JsonNode;
import com.microsoft.playwright.PlaywrightException;
import com.microsoft.playwright.TimeoutError;

import io.dormouse.protocol.Action;
import io.dormouse.protocol.ActionError;
import io.dormouse.worker.policy.NavigationPolicy;

/**
 * Runs one {@link Action} in a live session and returns its result: picks the steps for the action, checks the tabs
 * against the policy before and after, and turns Playwright's failures into the API's error codes. Runs on the
 * command's own thread; every touch of Playwright is one short step on the Playwright thread and every wait a poll
 * ({@link ActionSteps}), so other sessions' actions run while this one waits.
 */
final class ActionRunner {
    private ActionRunner() {
    }

    /** A binary result (screenshot, PDF) travels beside the JSON, which describes it. */
    record Result(JsonNode json, byte[] binary, String contentType) {
        static Result of(JsonNode json) {
            return new Result(json, null, null);
        }
    }

    /** {@code maxResultChars}: the longest JSON an evaluation may hand back; longer fails in the page. */
    static Result run(BrowserRuntime runtime, NavigationPolicy policy, LiveSession session, Action action,
            double timeoutMillis, int maxResultChars) {
        ActionSteps steps = new ActionSteps(runtime, policy, session, timeoutMillis, maxResultChars);
        session.egress.clearDenials();
        try {
            Result result = run(steps, action);
            steps.guardAfter();
            return result;
        } catch (TimeoutError e) {
            throw new ActionException(ActionFailures.timeoutCode(action), ActionFailures.firstLine(e), e);
        } catch (PlaywrightException e) {
            String denial = session.egress.denialFor(ActionFailures.targetHost(action));
            if (denial != null && ActionFailures.isNavigation(action)) {
                // The egress proxy refused a hop of this navigation (a CONNECT, so the browser only saw a tunnel error).
                throw new ActionException(ActionError.POLICY_DENIED, denial, e);
            }
            throw new ActionException(ActionFailures.failureCode(action, e), ActionFailures.firstLine(e), e);
        }
    }

    private static Result run(ActionSteps steps, Action action) {
        return switch (action) {
            case Action.Navigate navigate -> Result.of(NavigationSteps.navigate(steps, navigate.url(),
                    navigate.waitUntil()));
            case Action.Reload reload -> Result.of(NavigationSteps.reload(steps, reload));
            case Action.Back back -> Result.of(NavigationSteps.back(steps, back));
            case Action.Forward forward -> Result.of(NavigationSteps.forward(steps, forward));
            case Action.WaitForUrl wait -> Result.of(NavigationSteps.waitForUrl(steps, wait));
            case Action.Evaluate evaluate -> Result.of(PageEvaluation.evaluate(steps, evaluate));
            case Action.Click click -> Result.of(ElementSteps.click(steps, click));
            case Action.Fill fill -> Result.of(ElementSteps.fill(steps, fill));
            case Action.Type type -> Result.of(ElementSteps.type(steps, type));
            case Action.Press press -> Result.of(ElementSteps.press(steps, press));
            case Action.SelectOption select -> Result.of(ElementSteps.selectOption(steps, select));
            case Action.Hover hover -> Result.of(ElementSteps.hover(steps, hover));
            case Action.Check check -> Result.of(ElementSteps.check(steps, check));
            case Action.WaitForSelector wait -> Result.of(ElementSteps.waitForSelector(steps, wait));
            case Action.GetCookies cookies -> Result.of(StorageSteps.cookies(steps));
            case Action.AddCookies add -> Result.of(StorageSteps.addCookies(steps, add));
            case Action.ClearCookies clear -> Result.of(StorageSteps.clearCookies(steps));
            case Action.GetLocalStorage get -> Result.of(StorageSteps.localStorage(steps, get));
            case Action.SetLocalStorage set -> Result.of(StorageSteps.setLocalStorage(steps, set));
            case Action.SetExtraHttpHeaders headers -> Result.of(StorageSteps.setExtraHttpHeaders(steps, headers));
            case Action.Screenshot screenshot -> PageReads.screenshot(steps, screenshot);
            case Action.Pdf pdf -> PageReads.pdf(steps, pdf);
            case Action.GetUrl url -> Result.of(PageReads.url(steps));
            case Action.GetTitle title -> Result.of(PageReads.title(steps));
            case Action.GetContent content -> Result.of(PageReads.content(steps));
            case Action.AriaSnapshot snapshot -> Result.of(PageReads.ariaSnapshot(steps, snapshot));
            case Action.NewPage newPage -> Result.of(TabSteps.newPage(steps, newPage));
            case Action.ListPages list -> Result.of(TabSteps.list(steps));
            case Action.SwitchPage switchPage -> Result.of(TabSteps.switchTo(steps, switchPage));
            case Action.ClosePage closePage -> Result.of(TabSteps.close(steps, closePage));
        };
    }
}
