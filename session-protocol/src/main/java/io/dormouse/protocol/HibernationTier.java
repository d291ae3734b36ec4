package io.dormouse.protocol;

import java.util.Arrays;
import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** Where a hibernated session's snapshot is kept: memory, Redis or disk. */
public enum HibernationTier {
    HOT,
    WARM,
    COLD;

    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static HibernationTier fromWire(String value) {
        return Arrays.stream(values())
                .filter(tier -> tier.wireName().equals(value))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException(
                        "hibernationTier must be one of hot, warm, cold, got '" + value + "'"));
    }
}
