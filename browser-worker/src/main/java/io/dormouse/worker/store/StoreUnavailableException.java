package io.dormouse.worker.store;

import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.WebApplicationException;

import io.dormouse.protocol.ActionError;
import io.dormouse.worker.browser.ActionException;

/**
 * The hibernation-store could not be reached or failed on its side (5xx): the one store failure worth retrying, and
 * the one a caller sees as {@code store-unavailable} (503) rather than as a fault of its session.
 */
public class StoreUnavailableException extends ActionException {
    private static final int SERVER_ERROR = 500;

    public StoreUnavailableException(String message, Throwable cause) {
        super(ActionError.STORE_UNAVAILABLE, message, cause);
    }

    /**
     * A transport failure or a 5xx as {@code store-unavailable}; any other answer (a 4xx: this worker's request was
     * refused) is not the store's absence and is rethrown as it is.
     */
    static RuntimeException orRethrow(RuntimeException failure) {
        if (failure instanceof WebApplicationException web && web.getResponse().getStatus() < SERVER_ERROR) {
            return web;
        }
        String reason = failure instanceof ProcessingException && failure.getCause() != null
                ? failure.getCause().toString()
                : failure.getMessage();
        return new StoreUnavailableException("the hibernation-store did not answer: " + reason, failure);
    }
}
