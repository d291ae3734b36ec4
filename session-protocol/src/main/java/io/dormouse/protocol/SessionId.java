package io.dormouse.protocol;

import java.util.regex.Pattern;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** A session's stable id: {@code ses_} followed by 12 base62 characters, e.g. {@code ses_7xKp2mNq4Rt1}. */
public record SessionId(@JsonValue String value) {
    private static final Pattern FORMAT = Pattern.compile("ses_[0-9A-Za-z]{12}");

    public SessionId {
        if (value == null || !FORMAT.matcher(value).matches()) {
            throw new IllegalArgumentException(
                    "session id must be 'ses_' followed by 12 base62 characters, got '" + value + "'");
        }
    }

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public static SessionId of(String value) {
        return new SessionId(value);
    }

    public static SessionId random() {
        return new SessionId("ses_" + Base62.random(12));
    }

    public static boolean isValid(String value) {
        return value != null && FORMAT.matcher(value).matches();
    }

    @Override
    public String toString() {
        return value;
    }
}
