package io.dormouse.worker.browser;

import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.google.gson.JsonObject;
import com.microsoft.playwright.CDPSession;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.PlaywrightException;

import io.dormouse.protocol.Action;
import io.dormouse.protocol.ActionError;
import io.dormouse.protocol.ProtocolJson;

/**
 * An agent's {@code evaluate}, run in the tab's page world through a DevTools session of the tab's own. A value the
 * expression returns at once comes back with the same call, so an expression that navigates the page (a form submit,
 * {@code location.href = …}) still returns it. A promise is not awaited on the Playwright thread: the evaluation
 * hands DevTools a slot object that only DevTools holds (nothing is added to {@code window}, so a page that watches
 * its globals finds nothing to read or forge) and the slot is polled until the promise settled. A value whose JSON is
 * too long is refused in the page, before it crosses to the worker.
 */
final class PageEvaluation {
    /**
     * Runs the agent's expression or function with its argument; returns the outcome as a JSON string when it is
     * known at once, else the slot that will hold it.
     */
    private static final String START = """
            (() => {
              const maxChars = %d;
              const arg = JSON.parse(%s);
              const settled = (value) => {
                let json;
                try {
                  json = JSON.stringify({ state: 'fulfilled', value });
                } catch (error) {
                  return JSON.stringify({ state: 'rejected', error: 'the value is not JSON: ' + error });
                }
                return json.length > maxChars ? JSON.stringify({ state: 'too-large', length: json.length }) : json;
              };
              const failed = (error) => JSON.stringify({ state: 'rejected', error: String(error && error.stack || error) });
              let value;
              try {
                value = (%s
                );
                if (typeof value === 'function') value = value(arg);
              } catch (error) {
                return failed(error);
              }
              const thenable = value !== null && (typeof value === 'object' || typeof value === 'function')
                  && typeof value.then === 'function';
              if (!thenable) return settled(value);
              const slot = { json: '' };
              Promise.resolve(value).then(v => { slot.json = settled(v); }, e => { slot.json = failed(e); });
              return slot;
            })()""";
    /** Reads the slot: empty while the promise is pending. */
    private static final String READ_SLOT = "function () { return this.json; }";

    private PageEvaluation() {
    }

    /**
     * Runs {@code evaluate} in the session's active page within the action's deadline; its value, or the
     * {@link ActionException} that tells why there is none.
     */
    static JsonNode evaluate(ActionSteps steps, Action.Evaluate evaluate) {
        LiveSession session = steps.session;
        int maxResultChars = steps.maxResultChars;
        String arg = ProtocolJson.encode(evaluate.arg());
        String expression = evaluate.expression().strip().replaceAll(";+$", "");
        String script = START.formatted(maxResultChars, ProtocolJson.encode(arg), expression);
        Started started = steps.call(() -> start(session, script));
        if (started.json() != null) {
            return outcome(started.json(), maxResultChars);
        }
        try {
            String json = steps.poll(() -> {
                JsonObject params = new JsonObject();
                params.addProperty("objectId", started.slotId());
                params.addProperty("functionDeclaration", READ_SLOT);
                params.addProperty("returnByValue", true);
                String read = started.devtools().send("Runtime.callFunctionOn", params).getAsJsonObject("result")
                        .get("value").getAsString();
                return read.isEmpty() ? Optional.empty() : Optional.of(read);
            }, () -> new ActionException(ActionError.TIMEOUT, "the expression did not settle in time"));
            return outcome(json, maxResultChars);
        } catch (PlaywrightException gone) {
            throw new ActionException(ActionError.EVALUATION_FAILED,
                    "the page navigated away before the expression settled", gone);
        } finally {
            steps.call(() -> release(started));
        }
    }

    /** What the first call gave: the outcome's JSON, or the slot to poll (and the DevTools session holding it). */
    private record Started(String json, String slotId, CDPSession devtools) {
    }

    /** Playwright thread. */
    private static Started start(LiveSession session, String script) {
        Page page = session.page();
        CDPSession devtools = session.evaluators.computeIfAbsent(page, tab -> {
            tab.onClose(closed -> session.evaluators.remove(closed));
            return session.context.newCDPSession(tab);
        });
        JsonObject params = new JsonObject();
        params.addProperty("expression", script);
        params.addProperty("returnByValue", false);
        // As in Playwright's own evaluate: the expression may do what needs a user gesture (open a tab, go full
        // screen).
        params.addProperty("userGesture", true);
        JsonObject response = devtools.send("Runtime.evaluate", params);
        if (response.has("exceptionDetails")) {
            JsonObject details = response.getAsJsonObject("exceptionDetails");
            String description = details.has("exception") && details.getAsJsonObject("exception").has("description")
                    ? details.getAsJsonObject("exception").get("description").getAsString()
                    : details.get("text").getAsString();
            throw new ActionException(ActionError.EVALUATION_FAILED, ActionFailures.firstLineOf(description));
        }
        JsonObject result = response.getAsJsonObject("result");
        if ("string".equals(result.get("type").getAsString())) {
            return new Started(result.get("value").getAsString(), null, devtools);
        }
        return new Started(null, result.get("objectId").getAsString(), devtools);
    }

    /** Playwright thread; a slot of a page that went is gone with it. */
    private static Void release(Started started) {
        JsonObject params = new JsonObject();
        params.addProperty("objectId", started.slotId());
        try {
            started.devtools().send("Runtime.releaseObject", params);
        } catch (PlaywrightException pageWent) {
            // Nothing to release: the slot went with the page's world.
        }
        return null;
    }

    private static JsonNode outcome(String json, int maxResultChars) {
        JsonNode settled = ProtocolJson.decode(json, JsonNode.class);
        return switch (settled.path("state").asText()) {
            case "fulfilled" -> settled.path("value").isMissingNode()
                    ? NullNode.getInstance()
                    : settled.get("value");
            case "rejected" -> throw new ActionException(ActionError.EVALUATION_FAILED,
                    ActionFailures.firstLineOf(settled.path("error").asText()));
            case "too-large" -> throw new ActionException(ActionError.RESULT_TOO_LARGE, "the expression's value is "
                    + settled.path("length").asLong() + " characters of JSON, more than the " + maxResultChars
                    + " a result may have");
            default -> throw new ActionException(ActionError.EVALUATION_FAILED,
                    "the evaluation answered something unexpected: " + ActionFailures.firstLineOf(json));
        };
    }
}
