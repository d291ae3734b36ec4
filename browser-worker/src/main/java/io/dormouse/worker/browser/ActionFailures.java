package io.dormouse.worker.browser;

import java.net.URI;

import com.microsoft.playwright.PlaywrightException;

import io.dormouse.protocol.Action;
import io.dormouse.protocol.ActionError;

/** How a Playwright failure of an action becomes the typed error its caller sees. */
final class ActionFailures {
    private static final String INNER_MESSAGE = "message='";

    private ActionFailures() {
    }

    /** The host an action navigates to, when it names one. */
    static String targetHost(Action action) {
        String url = switch (action) {
            case Action.Navigate navigate -> navigate.url();
            case Action.NewPage newPage -> newPage.url();
            default -> null;
        };
        return hostOf(url);
    }

    static String hostOf(String url) {
        try {
            String host = url == null ? null : URI.create(url).getHost();
            return host == null ? "" : host;
        } catch (IllegalArgumentException e) {
            return "";
        }
    }

    static boolean isNavigation(Action action) {
        return switch (action) {
            case Action.Navigate n -> true;
            case Action.Reload r -> true;
            case Action.Back b -> true;
            case Action.Forward f -> true;
            case Action.NewPage p -> true;
            case Action.Click c -> true;
            default -> false;
        };
    }

    static String timeoutCode(Action action) {
        return switch (action) {
            case Action.Click c -> ActionError.SELECTOR_NOT_FOUND;
            case Action.Fill f -> ActionError.SELECTOR_NOT_FOUND;
            default -> ActionError.TIMEOUT;
        };
    }

    static String failureCode(Action action, PlaywrightException e) {
        String message = String.valueOf(e.getMessage());
        if (message.contains("Target crashed") || message.contains("Page crashed")) {
            return ActionError.PAGE_CRASHED;
        }
        return switch (action) {
            case Action.Navigate n -> ActionError.NAVIGATION_FAILED;
            case Action.Reload r -> ActionError.NAVIGATION_FAILED;
            case Action.Back b -> ActionError.NAVIGATION_FAILED;
            case Action.Forward f -> ActionError.NAVIGATION_FAILED;
            case Action.NewPage p -> ActionError.NAVIGATION_FAILED;
            case Action.Evaluate ev -> ActionError.EVALUATION_FAILED;
            case Action.AddCookies ac -> ActionError.INVALID_COMMAND;
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
        String line = firstLineOf(message);
        return line.endsWith("'") ? line.substring(0, line.length() - 1) : line;
    }

    static String firstLineOf(String message) {
        int newline = message.indexOf('\n');
        return (newline < 0 ? message : message.substring(0, newline)).strip();
    }
}
