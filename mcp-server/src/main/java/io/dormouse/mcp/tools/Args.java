package io.dormouse.mcp.tools;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.dormouse.protocol.SessionId;

/**
 * A tool call's arguments, read by name and type; a missing, mistyped or unknown argument is an
 * {@code invalid-request} tool error naming it, since models do send such calls.
 */
public final class Args {
    private final Map<String, Object> values;

    /** Checks {@code values} against the tool's schema: names, required ones, types, enumerations and ranges. */
    public Args(Map<String, Object> values, Schema schema) {
        this.values = values == null ? Map.of() : values;
        Map<String, Object> properties = schema.properties();
        for (Map.Entry<String, Object> argument : this.values.entrySet()) {
            if (!properties.containsKey(argument.getKey())) {
                throw ToolException.invalid("unknown argument '" + argument.getKey() + "'; this tool takes "
                        + properties.keySet());
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> property = (Map<String, Object>) properties.get(argument.getKey());
            check(argument.getKey(), argument.getValue(), property);
        }
        for (String name : schema.required()) {
            if (this.values.get(name) == null) {
                throw ToolException.invalid("argument '" + name + "' is required");
            }
        }
    }

    private void check(String name, Object value, Map<String, Object> property) {
        if (value == null) {
            return;
        }
        switch (String.valueOf(property.get("type"))) {
            case "string" -> {
                String text = optionalString(name);
                if (property.get("enum") instanceof List<?> allowed && !allowed.contains(text)) {
                    throw ToolException.invalid("argument '" + name + "' must be one of " + allowed + ", got '"
                            + text + "'");
                }
            }
            case "integer" -> {
                int number = integer(name);
                int minimum = (Integer) property.get("minimum");
                int maximum = (Integer) property.get("maximum");
                if (number < minimum || number > maximum) {
                    throw ToolException.invalid("argument '" + name + "' must be from " + minimum + " to "
                            + maximum + ", got " + number);
                }
            }
            case "boolean" -> flag(name);
            case "array" -> strings(name);
            default -> {
                // Any JSON value (evaluate's arg).
            }
        }
    }

    public SessionId sessionId() {
        String id = string("session_id");
        if (!SessionId.isValid(id)) {
            throw ToolException.invalid("session_id '" + id + "' is not a session id (ses_ and 12 letters or digits)");
        }
        return SessionId.of(id);
    }

    public String string(String name) {
        String value = optionalString(name);
        if (value == null) {
            throw ToolException.invalid("argument '" + name + "' is required");
        }
        return value;
    }

    public String optionalString(String name) {
        Object value = values.get(name);
        if (value == null) {
            return null;
        }
        if (!(value instanceof String text)) {
            throw ToolException.invalid("argument '" + name + "' must be a string");
        }
        return text;
    }

    public Integer optionalInteger(String name) {
        Object value = values.get(name);
        if (value == null) {
            return null;
        }
        if (value instanceof Number number && number.doubleValue() == Math.rint(number.doubleValue())
                && Math.abs(number.doubleValue()) <= Integer.MAX_VALUE) {
            return number.intValue();
        }
        throw ToolException.invalid("argument '" + name + "' must be an integer");
    }

    public int integer(String name) {
        Integer value = optionalInteger(name);
        if (value == null) {
            throw ToolException.invalid("argument '" + name + "' is required");
        }
        return value;
    }

    public boolean flag(String name) {
        Object value = values.get(name);
        if (value == null) {
            return false;
        }
        if (!(value instanceof Boolean flag)) {
            throw ToolException.invalid("argument '" + name + "' must be true or false");
        }
        return flag;
    }

    public List<String> strings(String name) {
        Object value = values.get(name);
        if (value == null) {
            return List.of();
        }
        if (!(value instanceof List<?> list)) {
            throw ToolException.invalid("argument '" + name + "' must be an array of strings");
        }
        List<String> strings = new ArrayList<>();
        for (Object item : list) {
            if (!(item instanceof String text)) {
                throw ToolException.invalid("argument '" + name + "' must be an array of strings");
            }
            strings.add(text);
        }
        return List.copyOf(strings);
    }

    /** A value as the model sent it (JSON decoded into maps, lists, strings, numbers, booleans). */
    public Object raw(String name) {
        return values.get(name);
    }

    public boolean has(String name) {
        return values.get(name) != null;
    }
}
