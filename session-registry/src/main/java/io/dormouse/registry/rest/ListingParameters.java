package io.dormouse.registry.rest;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Locale;

import io.dormouse.protocol.SessionState;

/** Parsing of the listing's query parameters; each failure names the parameter. */
final class ListingParameters {
    private ListingParameters() {
    }

    static SessionState state(String value) {
        try {
            SessionState state = SessionState.valueOf(value.toUpperCase(Locale.ROOT));
            if (state == SessionState.DELETED) {
                throw new IllegalArgumentException("state: deleted sessions are not listed");
            }
            return state;
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("state: one of CREATED, ACTIVE, HIBERNATED, got '" + value + "'");
        }
    }

    static Instant instant(String value, String parameter) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(parameter + ": an ISO-8601 instant such as 2026-11-22T10:00:00Z, got '"
                    + value + "'");
        }
    }
}
