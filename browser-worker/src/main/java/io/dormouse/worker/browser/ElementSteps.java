package io.dormouse.worker.browser;

import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.TimeoutError;

import io.dormouse.protocol.Action;
import io.dormouse.protocol.ActionError;

/**
 * Actions on an element found by selector: wait for it to be visible (polled), then act in short actionability
 * slices so a busy element does not hold the Playwright thread; keys go in a step of their own.
 */
final class ElementSteps {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    /**
     * The longest a single Playwright step may wait for actionability (enabled, stable, receiving events) once the
     * element is visible; on a timeout the step is polled again until the action's own deadline.
     */
    private static final double ACTION_SLICE_MILLIS = 250;

    private ElementSteps() {
    }

    interface LocatorStep<T> {
        T apply(Locator locator, double timeoutMillis);
    }

    interface LocatorAction {
        void apply(Locator locator, double timeoutMillis);
    }

    /**
     * Clicks without waiting for a navigation the click starts: a slice timed out by that wait (a slow page) would
     * be tried again after the click was made, clicking twice or waiting for an element the new page lacks. A
     * timed-out slice has then never reached the click, so trying it again is safe.
     */
    static JsonNode click(ActionSteps steps, Action.Click click) {
        return act(steps, click.selector(), (locator, timeout) -> locator
                .click(new Locator.ClickOptions().setTimeout(timeout).setNoWaitAfter(true)));
    }

    static JsonNode fill(ActionSteps steps, Action.Fill fill) {
        return act(steps, fill.selector(),
                (locator, timeout) -> locator.fill(fill.value(), new Locator.FillOptions().setTimeout(timeout)));
    }

    static JsonNode hover(ActionSteps steps, Action.Hover hover) {
        return act(steps, hover.selector(),
                (locator, timeout) -> locator.hover(new Locator.HoverOptions().setTimeout(timeout)));
    }

    static JsonNode check(ActionSteps steps, Action.Check check) {
        return act(steps, check.selector(), (locator, timeout) -> locator.setChecked(check.wantsChecked(),
                new Locator.SetCheckedOptions().setTimeout(timeout)));
    }

    static JsonNode selectOption(ActionSteps steps, Action.SelectOption select) {
        return actFor(steps, select.selector(), (locator, timeout) -> {
            ArrayNode selected = JSON.arrayNode();
            locator.selectOption(select.values().toArray(String[]::new),
                    new Locator.SelectOptionOptions().setTimeout(timeout).setNoWaitAfter(true)).forEach(selected::add);
            return selected;
        });
    }

    static JsonNode press(ActionSteps steps, Action.Press press) {
        focus(steps, press.selector());
        steps.run(() -> steps.session.page().keyboard().press(press.key()));
        return JSON.nullNode();
    }

    /**
     * Types one character per Playwright step and sleeps out the delay on the action's thread, so slow typing does
     * not hold the Playwright thread.
     */
    static JsonNode type(ActionSteps steps, Action.Type type) {
        long delay = type.delayMillis() == null ? 0 : type.delayMillis();
        int[] characters = type.text().codePoints().toArray();
        for (int character : characters) {
            if (steps.remainingNanos() <= 0) {
                throw new ActionException(ActionError.TIMEOUT, "typing did not finish in time");
            }
            focus(steps, type.selector());
            steps.run(() -> steps.session.page().keyboard().type(Character.toString(character)));
            if (delay > 0) {
                try {
                    Thread.sleep(delay);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new ActionException(ActionError.INTERNAL, "interrupted while typing", e);
                }
            }
        }
        return JSON.numberNode(characters.length);
    }

    static JsonNode waitForSelector(ActionSteps steps, Action.WaitForSelector wait) {
        awaitSelector(steps, wait.selector(), wait.state() == null ? "visible" : wait.state());
        return JSON.booleanNode(true);
    }

    /**
     * Focuses the element, waiting for it like any other step; a slice that timed out is tried again, which focusing
     * (unlike a key press) allows. The keys then go to the focused element in a step of their own that has no
     * timeout to end it half-done, so a slow machine never types a character twice.
     */
    private static void focus(ActionSteps steps, String selector) {
        act(steps, selector, (locator, timeout) -> locator.focus(new Locator.FocusOptions().setTimeout(timeout)));
    }

    private static JsonNode act(ActionSteps steps, String selector, LocatorAction step) {
        actFor(steps, selector, (locator, timeout) -> {
            step.apply(locator, timeout);
            return Boolean.TRUE;
        });
        return JSON.nullNode();
    }

    /**
     * Waits (polling) for the element to be visible, then acts with a short actionability slice; if the element is not
     * ready within the slice, polls again until the action's deadline.
     */
    static <T> T actFor(ActionSteps steps, String selector, LocatorStep<T> step) {
        while (true) {
            awaitSelector(steps, selector, "visible");
            try {
                return steps.call(() -> step.apply(steps.session.page().locator(selector).first(),
                        Math.min(ACTION_SLICE_MILLIS, steps.remaining())));
            } catch (TimeoutError sliceEnded) {
                if (steps.remainingNanos() <= 0) {
                    throw sliceEnded;
                }
            }
        }
    }

    /** The timeout's message names the page's URL (read on the Playwright thread, where the poll ends). */
    private static void awaitSelector(ActionSteps steps, String selector, String state) {
        steps.poll(() -> {
            Locator first = steps.session.page().locator(selector).first();
            boolean reached = switch (state) {
                case "attached" -> first.count() > 0;
                case "detached" -> first.count() == 0;
                case "hidden" -> !first.isVisible();
                default -> first.isVisible();
            };
            return reached ? Optional.of(Boolean.TRUE) : Optional.empty();
        }, () -> new ActionException(ActionError.SELECTOR_NOT_FOUND, "no element matching '" + selector + "' became "
                + state + " in time (the page is at " + steps.session.page().url() + ")"));
    }
}
