package io.dormouse.registry.security;

import jakarta.enterprise.context.RequestScoped;

/** The authenticated caller of the current HTTP request, set by {@link ApiKeyAuthentication}. */
@RequestScoped
public class CallerContext {
    private Caller caller;

    void set(Caller caller) {
        this.caller = caller;
    }

    public Caller caller() {
        if (caller == null) {
            throw new IllegalStateException("no authenticated caller: the request did not pass ApiKeyAuthentication");
        }
        return caller;
    }

    public String tenant() {
        return caller().tenant();
    }
}
