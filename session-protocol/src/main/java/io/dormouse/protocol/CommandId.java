package io.dormouse.protocol;

import java.util.regex.Pattern;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * Identifies one command end to end. Clients may choose it (so a retry is recognised as the same command); otherwise
 * the registry generates {@code cmd_} + 16 base62 characters.
 */
public record CommandId(@JsonValue String value) {
    private static final Pattern FORMAT = Pattern.compile("[A-Za-z0-9._:-]{1,100}");

    public CommandId {
        if (value == null || !FORMAT.matcher(value).matches()) {
            throw new IllegalArgumentException("command id must be 1 to 100 of [A-Za-z0-9._:-], got '" + value + "'");
        }
    }

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public static CommandId of(String value) {
        return new CommandId(value);
    }

    public static CommandId random() {
        return new CommandId("cmd_" + Base62.random(16));
    }

    @Override
    public String toString() {
        return value;
    }
}
