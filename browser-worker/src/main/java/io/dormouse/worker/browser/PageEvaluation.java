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
 * An agent's {@code evaluate}: the expression is started without being awaited and its settled value parked in the
 * page, which is then polled, so a long promise never holds the Playwright thread; a value whose JSON is too long is
 * refused in the page, before it crosses to the worker.
 */
final class PageEvaluation {
    /**
     * Starts the agent's expression or function without awaiting it and parks the settled value in the page, so the
     * runner can poll for it instead of holding the Playwright thread while a promise runs.
     */
    private static final String START_EVALUATION = """
            ([key, arg]) => {
              const slots = (window.__dormouseEvaluations ||= {});
              slots[key] = { state: 'pending' };
              Promise.resolve()
                .then(() => { const value = (%s); return typeof value === 'function' ? value(arg) : value; })
                .then(value => { slots[key] = { state: 'fulfilled', value }; },
                      error => { slots[key] = { state: 'rejected', error: String(error && error.stack || error) }; });
            }""";
    /**
     * Hands back a settled value, unless its JSON is longer than the limit: a page can build a value of any size, and
     * it is refused before it crosses to the worker.
     */
    private static final String READ_EVALUATION = """
            ([key, maxChars]) => {
              const slot = (window.__dormouseEvaluations || {})[key];
              if (!slot) return { state: 'lost' };
              if (slot.state !== 'pending') delete window.__dormouseEvaluations[key];
              if (slot.state === 'fulfilled') {
                let length = 0;
                try { length = (JSON.stringify(slot.value) || '').length; } catch (e) { length = 0; }
                if (length > maxChars) return { state: 'too-large', length };
              }
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
        String key = UUID.randomUUID().toString();
        Object arg = evaluate.arg() == null ? null : ProtocolJson.mapper().convertValue(evaluate.arg(), Object.class);
        String expression = evaluate.expression().strip().replaceAll(";+$", "");
        runtime.call(() -> session.page().evaluate(START_EVALUATION.formatted(expression),
                Arrays.asList(key, arg)));
        Object slot = runtime.poll(() -> {
            @SuppressWarnings("unchecked")
            Map<String, Object> read = (Map<String, Object>) session.page().evaluate(READ_EVALUATION,
                    Arrays.asList(key, maxResultChars));
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
