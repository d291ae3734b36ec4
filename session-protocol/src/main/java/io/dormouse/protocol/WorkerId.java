package io.dormouse.protocol;

import java.util.regex.Pattern;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** Names one browser-worker process; stable for the life of the process. */
public record WorkerId(@JsonValue String value) {
    private static final Pattern FORMAT = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    public WorkerId {
        if (value == null || !FORMAT.matcher(value).matches()) {
            throw new IllegalArgumentException("worker id must be 1 to 64 of [A-Za-z0-9._-], got '" + value + "'");
        }
    }

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public static WorkerId of(String value) {
        return new WorkerId(value);
    }

    public static WorkerId random() {
        return new WorkerId("wrk_" + Base62.random(8));
    }

    @Override
    public String toString() {
        return value;
    }
}
