package io.dormouse.worker.browser;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;

import io.dormouse.protocol.Action;
import io.dormouse.protocol.ActionError;
import io.dormouse.protocol.ProtocolJson;

/**
 * An agent's {@code evaluate}. A value the expression returns at once comes back with the same call, so an expression
 * that navigates the page (a form submit, {@code location.href = …}) still returns it. A promise is not awaited on the
 * Playwright thread: it is parked in the page under a name only this evaluation knows, not enumerable, and polled, so
 * a long promise never holds the thread. No global of a known name is left in the page for a site to see or to forge.
 * A value whose JSON is too long is refused in the page, before it crosses to the worker.
 */
final class PageEvaluation {
    /**
     * Runs the agent's expression or function; a settled value is returned at once, a promise is parked under
     * {@code key} (read through a closure, so the page cannot rewrite what it holds).
     */
    private static final String START_EVALUATION = """
            ([key, arg, maxChars]) => {
              const sized = (value) => {
                let length = 0;
                try { length = (JSON.stringify(value) || '').length; } catch (e) { length = 0; }
                return length > maxChars ? { state: 'too-large', length } : { state: 'fulfilled', value };
              };
              const failed = (error) => ({ state: 'rejected', error: String(error && error.stack || error) });
              let value;
              let thenable = false;
              try {
                value = (%s);
                if (typeof value === 'function') value = value(arg);
                thenable = value !== null && (typeof value === 'object' || typeof value === 'function')
                    && typeof value.then === 'function';
              } catch (error) {
                return failed(error);
              }
              if (!thenable) return sized(value);
              let slot = { state: 'pending' };
              Object.defineProperty(window, key, { value: () => slot, configurable: true });
              Promise.resolve(value).then(settled => { slot = sized(settled); }, error => { slot = failed(error); });
              return { state: 'pending' };
            }""";
    /** Hands back a parked promise's outcome once it settled, and removes it from the page. */
    private static final String READ_EVALUATION = """
            (key) => {
              const read = Object.getOwnPropertyDescriptor(window, key)?.value;
              if (typeof read !== 'function') return { state: 'lost' };
              const slot = read();
              if (slot.state !== 'pending') delete window[key];
              return slot;
            }""";

    private PageEvaluation() {
    }

    /**
     * Runs {@code evaluate} in the session's active page within {@code timeoutMillis}; its value, or the
     * {@link ActionException} that tells why there is none.
     */
    static JsonNode evaluate(BrowserRuntime runtime, LiveSession session, Action.Evaluate evaluate,
            double timeoutMillis, int maxResultChars) {
        // A name no page can guess ahead, and a valid identifier.
        String key = "_" + UUID.randomUUID().toString().replace("-", "");
        Object arg = evaluate.arg() == null ? null : ProtocolJson.mapper().convertValue(evaluate.arg(), Object.class);
        String expression = evaluate.expression().strip().replaceAll(";+$", "");
        @SuppressWarnings("unchecked")
        Map<String, Object> started = (Map<String, Object>) runtime.call(() -> session.page().evaluate(
                START_EVALUATION.formatted(expression), Arrays.asList(key, arg, maxResultChars)));
        Object slot = !"pending".equals(started.get("state")) ? started : runtime.poll(() -> {
            @SuppressWarnings("unchecked")
            Map<String, Object> read = (Map<String, Object>) session.page().evaluate(READ_EVALUATION, key);
            return "pending".equals(read.get("state")) ? Optional.empty() : Optional.of(read);
        }, timeoutMillis, () -> new ActionException(ActionError.TIMEOUT, "the expression did not settle in time"));
        @SuppressWarnings("unchecked")
        Map<String, Object> settled = (Map<String, Object>) slot;
        return switch (String.valueOf(settled.get("state"))) {
            case "fulfilled" -> ProtocolJson.mapper().valueToTree(settled.get("value"));
            case "rejected" -> throw new ActionException(ActionError.EVALUATION_FAILED,
                    ActionFailures.firstLineOf(String.valueOf(settled.get("error"))));
            case "too-large" -> throw new ActionException(ActionError.RESULT_TOO_LARGE, "the expression's value is "
                    + settled.get("length") + " characters of JSON, more than the " + maxResultChars
                    + " a result may have");
            default -> throw new ActionException(ActionError.EVALUATION_FAILED,
                    "the page navigated away before the expression settled");
        };
    }
}
