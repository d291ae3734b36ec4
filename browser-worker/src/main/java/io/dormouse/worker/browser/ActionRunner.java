package io.dormouse.worker.browser;

import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.PlaywrightException;
import com.microsoft.playwright.Response;
import com.microsoft.playwright.TimeoutError;
import com.microsoft.playwright.options.Cookie;
import com.microsoft.playwright.options.LoadState;
import com.microsoft.playwright.options.WaitUntilState;

import io.dormouse.protocol.Action;
import io.dormouse.protocol.ActionError;
import io.dormouse.protocol.ProtocolJson;
import io.dormouse.worker.policy.EgressProxy;
import io.dormouse.worker.policy.NavigationPolicy;
import io.dormouse.worker.policy.UrlJudge;

/**
 * Runs one {@link Action} in a live session and returns its result. Runs on the command's own thread: every touch of
 * Playwright is one short step on the Playwright thread ({@link BrowserRuntime#call}), and every wait is a
 * {@linkplain BrowserRuntime#poll poll}, so other sessions' actions run while this one waits.
 */
final class ActionRunner {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    /**
     * The longest a single Playwright step may wait for actionability (enabled, stable, receiving events) once the
     * element is visible; on a timeout the runner polls again until the action's own deadline.
     */
    private static final double ACTION_SLICE_MILLIS = 250;
    private static final double LOAD_STATE_PROBE_MILLIS = 1;

    private final BrowserRuntime runtime;
    private final NavigationPolicy policy;
    private final LiveSession session;
    private final Action action;
    private final long deadlineNanos;
    private final int maxResultChars;

    private ActionRunner(BrowserRuntime runtime, NavigationPolicy policy, LiveSession session, Action action,
            double timeoutMillis, int maxResultChars) {
        this.runtime = runtime;
        this.policy = policy;
        this.session = session;
        this.action = action;
        this.deadlineNanos = System.nanoTime() + (long) (timeoutMillis * 1_000_000);
        this.maxResultChars = maxResultChars;
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
        ActionRunner runner = new ActionRunner(runtime, policy, session, action, timeoutMillis, maxResultChars);
        session.egress.clearDenials();
        try {
            runtime.call(() -> {
                PageGuard.enforce(session, policy);
                return null;
            });
            Result result = runner.run();
            runtime.call(() -> {
                PageGuard.enforce(session, policy);
                return null;
            });
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

    private Result run() {
        return switch (action) {
            case Action.Navigate navigate -> Result.of(navigate(navigate.url(), navigate.waitUntil()));
            case Action.Reload reload -> Result.of(afterNavigation(
                    call(page -> page.reload(new Page.ReloadOptions().setWaitUntil(WaitUntilState.COMMIT)
                            .setTimeout(remaining()))),
                    reload.waitUntil()));
            case Action.Back back -> Result.of(afterNavigation(
                    call(page -> page.goBack(new Page.GoBackOptions().setWaitUntil(WaitUntilState.COMMIT)
                            .setTimeout(remaining()))),
                    back.waitUntil()));
            case Action.Forward forward -> Result.of(afterNavigation(
                    call(page -> page.goForward(new Page.GoForwardOptions().setWaitUntil(WaitUntilState.COMMIT)
                            .setTimeout(remaining()))),
                    forward.waitUntil()));
            case Action.Evaluate evaluate -> Result.of(PageEvaluation.evaluate(runtime, session, evaluate, remaining(),
                    maxResultChars));
            case Action.Click click -> act(click.selector(), (locator, timeout) -> locator.click(
                    new Locator.ClickOptions().setTimeout(timeout)));
            case Action.Fill fill -> act(fill.selector(), (locator, timeout) -> locator.fill(fill.value(),
                    new Locator.FillOptions().setTimeout(timeout)));
            case Action.Type type -> type(type);
            case Action.Press press -> {
                focus(press.selector());
                runtime.call(() -> {
                    session.page().keyboard().press(press.key());
                    return null;
                });
                yield Result.of(JSON.nullNode());
            }
            case Action.SelectOption select -> Result.of(actFor(select.selector(), (locator, timeout) -> {
                ArrayNode selected = JSON.arrayNode();
                locator.selectOption(select.values().toArray(String[]::new),
                        new Locator.SelectOptionOptions().setTimeout(timeout)).forEach(selected::add);
                return selected;
            }));
            case Action.Hover hover -> act(hover.selector(), (locator, timeout) -> locator.hover(
                    new Locator.HoverOptions().setTimeout(timeout)));
            case Action.Check check -> act(check.selector(), (locator, timeout) -> locator.setChecked(
                    check.wantsChecked(), new Locator.SetCheckedOptions().setTimeout(timeout)));
            case Action.WaitForSelector wait -> Result.of(waitForSelector(wait));
            case Action.WaitForUrl wait -> Result.of(waitForUrl(wait));
            case Action.GetCookies cookies -> Result.of(CookieJson.of(runtime.call(() -> session.context.cookies())));
            case Action.AddCookies add -> Result.of(addCookies(add));
            case Action.ClearCookies clear -> {
                runtime.call(() -> {
                    session.context.clearCookies();
                    return null;
                });
                yield Result.of(JSON.nullNode());
            }
            case Action.GetLocalStorage get -> Result.of(localStorage(
                    "(keys) => Object.fromEntries(Object.keys(localStorage)"
                            + ".filter(k => keys === null || keys.includes(k)).map(k => [k, localStorage.getItem(k)]))",
                    get.keys()));
            case Action.SetLocalStorage set -> Result.of(localStorage(
                    "(items) => { for (const [k, v] of Object.entries(items)) {"
                            + " if (v === null) localStorage.removeItem(k); else localStorage.setItem(k, v); }"
                            + " return localStorage.length; }",
                    set.items()));
            case Action.SetExtraHttpHeaders headers -> {
                runtime.call(() -> {
                    session.context.setExtraHTTPHeaders(headers.headers());
                    session.extraHttpHeaders = headers.headers();
                    return null;
                });
                yield Result.of(JSON.nullNode());
            }
            case Action.Screenshot screenshot -> screenshot(screenshot);
            case Action.Pdf pdf -> {
                byte[] bytes = call(page -> page.pdf(new Page.PdfOptions()
                        .setFormat(pdf.format() == null ? "A4" : pdf.format())));
                yield binary(bytes, "application/pdf");
            }
            case Action.GetUrl url -> Result.of(JSON.textNode(call(Page::url)));
            case Action.GetTitle title -> Result.of(JSON.textNode(call(Page::title)));
            case Action.GetContent content -> Result.of(JSON.textNode(call(Page::content)));
            case Action.NewPage newPage -> Result.of(newPage(newPage));
            case Action.ListPages list -> Result.of(listPages());
            case Action.SwitchPage switchPage -> Result.of(runtime.call(() -> {
                Page page = pageAt(switchPage.index());
                page.bringToFront();
                session.activePage = page;
                return describePages();
            }));
            case Action.ClosePage closePage -> Result.of(runtime.call(() -> {
                Page page = pageAt(closePage.index());
                page.close();
                if (session.activePage == page) {
                    session.activePage = null;
                }
                session.page();
                return describePages();
            }));
        };
    }

    private JsonNode navigate(String requested, String waitUntil) {
        String url = switch (policy.checkUrl(requested)) {
            case UrlJudge.Verdict.Allowed allowed -> allowed.url();
            case UrlJudge.Verdict.Denied denied -> throw new ActionException(ActionError.POLICY_DENIED,
                    denied.reason());
        };
        Response response = call(page -> page.navigate(url,
                new Page.NavigateOptions().setWaitUntil(WaitUntilState.COMMIT).setTimeout(remaining())));
        return afterNavigation(response, waitUntil);
    }

    /**
     * Navigations are started up to their commit, the one part that must hold the Playwright thread; the load state
     * the agent asked for is then polled.
     */
    private JsonNode afterNavigation(Response response, String waitUntil) {
        if (response != null && "denied".equals(response.headers().get(EgressProxy.POLICY_HEADER))) {
            String reason = session.egress.denialFor(ActionFailures.hostOf(response.url()));
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
            runtime.poll(() -> {
                try {
                    session.page().waitForLoadState(loadState,
                            new Page.WaitForLoadStateOptions().setTimeout(LOAD_STATE_PROBE_MILLIS));
                    return Optional.of(Boolean.TRUE);
                } catch (TimeoutError notYet) {
                    return Optional.empty();
                }
            }, remaining(), () -> new ActionException(ActionError.TIMEOUT,
                    "the page did not reach '" + loadState.name().toLowerCase(Locale.ROOT) + "' in time"));
        }
        return runtime.call(() -> {
            Page page = session.page();
            ObjectNode result = JSON.objectNode();
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

    private interface LocatorStep<T> {
        T apply(Locator locator, double timeoutMillis);
    }

    private interface LocatorAction {
        void apply(Locator locator, double timeoutMillis);
    }

    private Result act(String selector, LocatorAction step) {
        actFor(selector, (locator, timeout) -> {
            step.apply(locator, timeout);
            return Boolean.TRUE;
        });
        return Result.of(JSON.nullNode());
    }

    /**
     * Focuses the element, waiting for it like any other step; a slice that timed out is tried again, which focusing
     * (unlike a key press) allows. The keys then go to the focused element in a step of their own that has no
     * timeout to end it half-done, so a slow machine never types a character twice.
     */
    private void focus(String selector) {
        act(selector, (locator, timeout) -> locator.focus(new Locator.FocusOptions().setTimeout(timeout)));
    }

    /**
     * Waits (polling) for the element to be visible, then acts with a short actionability slice; if the element is not
     * ready within the slice, polls again until the action's deadline.
     */
    private <T> T actFor(String selector, LocatorStep<T> step) {
        while (true) {
            awaitSelector(selector, "visible");
            try {
                return runtime.call(() -> step.apply(session.page().locator(selector).first(),
                        Math.min(ACTION_SLICE_MILLIS, remaining())));
            } catch (TimeoutError sliceEnded) {
                if (remainingNanos() <= 0) {
                    throw sliceEnded;
                }
            }
        }
    }

    /**
     * Types one character per Playwright step and sleeps out the delay on the command's thread, so slow typing does
     * not hold the Playwright thread.
     */
    private Result type(Action.Type type) {
        long delay = type.delayMillis() == null ? 0 : type.delayMillis();
        int[] characters = type.text().codePoints().toArray();
        for (int character : characters) {
            if (remainingNanos() <= 0) {
                throw new ActionException(ActionError.TIMEOUT, "typing did not finish in time");
            }
            focus(type.selector());
            runtime.call(() -> {
                session.page().keyboard().type(Character.toString(character));
                return null;
            });
            if (delay > 0) {
                try {
                    Thread.sleep(delay);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new ActionException(ActionError.INTERNAL, "interrupted while typing", e);
                }
            }
        }
        return Result.of(JSON.numberNode(characters.length));
    }

    private JsonNode waitForSelector(Action.WaitForSelector wait) {
        awaitSelector(wait.selector(), wait.state() == null ? "visible" : wait.state());
        return JSON.booleanNode(true);
    }

    private void awaitSelector(String selector, String state) {
        runtime.poll(() -> {
            Locator first = session.page().locator(selector).first();
            boolean reached = switch (state) {
                case "attached" -> first.count() > 0;
                case "detached" -> first.count() == 0;
                case "hidden" -> !first.isVisible();
                default -> first.isVisible();
            };
            return reached ? Optional.of(Boolean.TRUE) : Optional.empty();
        }, remaining(), () -> new ActionException(ActionError.SELECTOR_NOT_FOUND,
                "no element matching '" + selector + "' became " + state + " in time"));
    }

    private JsonNode waitForUrl(Action.WaitForUrl wait) {
        var pattern = wait.pattern();
        String url = runtime.poll(() -> {
            Page page = session.page();
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
        }, remaining(), () -> new ActionException(ActionError.TIMEOUT,
                "the page URL did not match " + (wait.url() != null ? wait.url() : wait.regex()) + " in time"));
        return JSON.textNode(url);
    }

    private JsonNode addCookies(Action.AddCookies add) {
        List<Cookie> cookies = CookieJson.toPlaywright(add.cookies());
        runtime.call(() -> {
            session.context.addCookies(cookies);
            return null;
        });
        return JSON.numberNode(cookies.size());
    }

    private JsonNode localStorage(String script, Object arg) {
        return runtime.call(() -> {
            Page page = session.page();
            Object origin = page.evaluate("() => location.origin");
            if (origin == null || "null".equals(origin)) {
                throw new ActionException(ActionError.INVALID_COMMAND,
                        "the active page (" + page.url() + ") has no origin, so it has no localStorage");
            }
            return ProtocolJson.mapper().valueToTree(page.evaluate(script, arg));
        });
    }

    private Result screenshot(Action.Screenshot screenshot) {
        byte[] bytes;
        if (screenshot.selector() != null) {
            bytes = actFor(screenshot.selector(), (locator, timeout) -> locator.screenshot(
                    new Locator.ScreenshotOptions().setTimeout(Math.max(timeout, remaining()))));
        } else {
            bytes = call(page -> page.screenshot(new Page.ScreenshotOptions()
                    .setFullPage(Boolean.TRUE.equals(screenshot.fullPage())).setTimeout(remaining())));
        }
        return binary(bytes, "image/png");
    }

    private static Result binary(byte[] bytes, String contentType) {
        ObjectNode json = JSON.objectNode().put("contentType", contentType).put("bytes", bytes.length);
        json.put("data", Base64.getEncoder().encodeToString(bytes));
        return new Result(json, bytes, contentType);
    }

    private JsonNode newPage(Action.NewPage newPage) {
        runtime.call(() -> {
            Page page = session.context.newPage();
            session.activePage = page;
            return null;
        });
        if (newPage.url() != null) {
            navigate(newPage.url(), null);
        }
        return listPages();
    }

    private JsonNode listPages() {
        return runtime.call(this::describePages);
    }

    /** {@code {active, pages: [{index, url, title}]}}; Playwright thread only. */
    private JsonNode describePages() {
        ObjectNode result = JSON.objectNode();
        ArrayNode pages = result.putArray("pages");
        List<Page> open = session.openPages();
        Page active = session.page();
        for (int i = 0; i < open.size(); i++) {
            Page page = open.get(i);
            pages.addObject().put("index", i).put("url", page.url()).put("title", page.title());
            if (page == active) {
                result.put("active", i);
            }
        }
        return result;
    }

    private Page pageAt(int index) {
        List<Page> open = session.openPages();
        if (index >= open.size()) {
            throw new ActionException(ActionError.INVALID_COMMAND,
                    "the session has " + open.size() + " tabs; there is no tab at index " + index);
        }
        return open.get(index);
    }

    private <T> T call(Function<Page, T> step) {
        return runtime.call(() -> step.apply(session.page()));
    }

    private long remainingNanos() {
        return deadlineNanos - System.nanoTime();
    }

    /** What is left of the budget; Playwright reads 0 as "no timeout", so never less than 1 ms. */
    private double remaining() {
        return Math.max(1, remainingNanos() / 1_000_000.0);
    }

}
