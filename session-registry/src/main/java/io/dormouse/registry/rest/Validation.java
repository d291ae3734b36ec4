package io.dormouse.registry.rest;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

import io.dormouse.protocol.ProtocolJson;

/** Bounds on client-supplied fields; each failure names the field and the rule. */
final class Validation {
    static final int MAX_TAGS = 32;
    static final int MAX_METADATA_BYTES = 16 * 1024;
    private static final Pattern TAG = Pattern.compile("[A-Za-z0-9._:-]{1,64}");

    private Validation() {
    }

    /** De-duplicated tags in the order given. */
    static List<String> tags(List<String> tags) {
        if (tags == null) {
            return List.of();
        }
        if (tags.size() > MAX_TAGS) {
            throw new IllegalArgumentException("tags: at most " + MAX_TAGS + " tags, got " + tags.size());
        }
        for (int i = 0; i < tags.size(); i++) {
            String tag = tags.get(i);
            if (tag == null || !TAG.matcher(tag).matches()) {
                throw new IllegalArgumentException(
                        "tags[" + i + "]: must be 1 to 64 of [A-Za-z0-9._:-], got '" + tag + "'");
            }
        }
        return List.copyOf(new LinkedHashSet<>(tags));
    }

    static Map<String, JsonNode> metadata(Map<String, JsonNode> metadata) {
        if (metadata == null) {
            return Map.of();
        }
        int size = ProtocolJson.encodeBytes(metadata).length;
        if (size > MAX_METADATA_BYTES) {
            throw new IllegalArgumentException(
                    "metadata: at most " + MAX_METADATA_BYTES + " bytes of JSON, got " + size);
        }
        return metadata;
    }

    /**
     * A whole number from a query parameter, within bounds. Parsed here rather than by JAX-RS, which answers a
     * parameter that does not convert with 404.
     */
    static long number(String value, String field, long min, long max) {
        long parsed;
        try {
            parsed = Long.parseLong(value.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(field + ": must be a whole number, got '" + value + "'");
        }
        if (parsed < min || parsed > max) {
            throw new IllegalArgumentException(field + ": must be between " + min + " and " + max + ", got " + parsed);
        }
        return parsed;
    }

    static void optionalText(String value, String field, int maxLength) {
        if (value != null && (value.isBlank() || value.length() > maxLength)) {
            throw new IllegalArgumentException(field + ": must be 1 to " + maxLength + " characters");
        }
    }
}
