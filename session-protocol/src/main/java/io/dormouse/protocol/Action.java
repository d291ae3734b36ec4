package io.dormouse.protocol;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.databind.JsonNode;

/** A page action a worker runs in a session's active page. The JSON {@code type} names the action. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
        @JsonSubTypes.Type(value = Action.Navigate.class, name = "navigate"),
        @JsonSubTypes.Type(value = Action.Reload.class, name = "reload"),
        @JsonSubTypes.Type(value = Action.Evaluate.class, name = "evaluate"),
        @JsonSubTypes.Type(value = Action.Click.class, name = "click"),
        @JsonSubTypes.Type(value = Action.Fill.class, name = "fill"),
        @JsonSubTypes.Type(value = Action.WaitForSelector.class, name = "waitForSelector"),
        @JsonSubTypes.Type(value = Action.GetCookies.class, name = "cookies"),
        @JsonSubTypes.Type(value = Action.GetUrl.class, name = "url"),
        @JsonSubTypes.Type(value = Action.GetTitle.class, name = "title"),
        @JsonSubTypes.Type(value = Action.GetContent.class, name = "content")
})
public sealed interface Action {

    /** Navigates the active page. {@code waitUntil}: load (default), domcontentloaded, networkidle, commit. */
    record Navigate(String url, String waitUntil) implements Action {
        public Navigate {
            requireText(url, "url");
            if (waitUntil != null && !waitUntil.matches("load|domcontentloaded|networkidle|commit")) {
                throw new IllegalArgumentException(
                        "waitUntil must be one of load, domcontentloaded, networkidle, commit, got '" + waitUntil
                                + "'");
            }
        }
    }

    record Reload() implements Action {
    }

    /** Evaluates a JavaScript expression or function in the page; {@code arg} is passed to a function. */
    record Evaluate(String expression, JsonNode arg) implements Action {
        public Evaluate {
            requireText(expression, "expression");
        }
    }

    record Click(String selector) implements Action {
        public Click {
            requireText(selector, "selector");
        }
    }

    record Fill(String selector, String value) implements Action {
        public Fill {
            requireText(selector, "selector");
            if (value == null) {
                throw new IllegalArgumentException("value is required");
            }
        }
    }

    /** {@code state}: attached, detached, visible (default), hidden. */
    record WaitForSelector(String selector, String state) implements Action {
        public WaitForSelector {
            requireText(selector, "selector");
            if (state != null && !state.matches("attached|detached|visible|hidden")) {
                throw new IllegalArgumentException(
                        "state must be one of attached, detached, visible, hidden, got '" + state + "'");
            }
        }
    }

    record GetCookies() implements Action {
    }

    record GetUrl() implements Action {
    }

    record GetTitle() implements Action {
    }

    record GetContent() implements Action {
    }

    private static void requireText(String value, String field) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(field + " is required");
        }
    }
}
