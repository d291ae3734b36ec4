package io.dormouse.registry.rest;

import com.fasterxml.jackson.databind.JsonNode;

import io.dormouse.protocol.ActionCompleted;
import io.dormouse.protocol.ActionError;
import io.dormouse.protocol.ActionFailed;
import io.dormouse.protocol.ActionOutcome;
import io.dormouse.protocol.SessionState;
import io.dormouse.protocol.Timings;

/** The answer to {@code POST /v1/sessions/{id}/actions}. */
public record ActionResponse(String commandId, String status, JsonNode result, ActionError error,
        SessionState sessionState, String workerId, Timings timings) {

    public static ActionResponse of(ActionOutcome outcome) {
        String worker = outcome.workerId() == null ? null : outcome.workerId().value();
        return switch (outcome) {
            case ActionCompleted done -> new ActionResponse(done.commandId().value(), "completed", done.result(),
                    null, done.sessionState(), worker, done.timings());
            case ActionFailed failed -> new ActionResponse(failed.commandId().value(), "failed", null,
                    failed.error(), failed.sessionState(), worker, failed.timings());
        };
    }
}
