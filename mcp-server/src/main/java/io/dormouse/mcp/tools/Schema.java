package io.dormouse.mcp.tools;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A tool's input schema (a JSON Schema object) built parameter by parameter: every parameter has a type and a
 * description, which {@code ToolCatalogTest} checks, since a model reads nothing else to know how to call a tool.
 */
public final class Schema {
    private final Map<String, Object> properties = new LinkedHashMap<>();
    private final List<String> required = new ArrayList<>();

    private Schema() {
    }

    public static Schema object() {
        return new Schema();
    }

    /** The parameter every tool that touches a session takes first. */
    public static Schema forSession() {
        return object().string("session_id",
                "The id of the Dormouse session, such as ses_7xKp2mNq4Rt1, as session_create"
                        + " or session_list returned it. Sessions persist: an id stored earlier keeps working.",
                true);
    }

    public Schema string(String name, String description, boolean isRequired) {
        return add(name, property("string", description), isRequired);
    }

    public Schema enumeration(String name, String description, List<String> values, boolean isRequired) {
        Map<String, Object> property = property("string", description);
        property.put("enum", values);
        return add(name, property, isRequired);
    }

    public Schema integer(String name, String description, int minimum, int maximum, boolean isRequired) {
        Map<String, Object> property = property("integer", description);
        property.put("minimum", minimum);
        property.put("maximum", maximum);
        return add(name, property, isRequired);
    }

    public Schema bool(String name, String description) {
        return add(name, property("boolean", description), false);
    }

    public Schema strings(String name, String description, boolean isRequired) {
        Map<String, Object> property = property("array", description);
        property.put("items", Map.of("type", "string"));
        return add(name, property, isRequired);
    }

    /** A parameter that takes any JSON value (an evaluate argument). */
    public Schema anyJson(String name, String description) {
        Map<String, Object> property = new LinkedHashMap<>();
        property.put("type", List.of("string", "number", "integer", "boolean", "object", "array", "null"));
        property.put("description", description);
        return add(name, property, false);
    }

    private static Map<String, Object> property(String type, String description) {
        Map<String, Object> property = new LinkedHashMap<>();
        property.put("type", type);
        property.put("description", description);
        return property;
    }

    private Schema add(String name, Map<String, Object> property, boolean isRequired) {
        if (properties.put(name, property) != null) {
            throw new IllegalStateException("parameter " + name + " named twice");
        }
        if (isRequired) {
            required.add(name);
        }
        return this;
    }

    public Map<String, Object> properties() {
        return Map.copyOf(properties);
    }

    public List<String> required() {
        return List.copyOf(required);
    }

    /** The schema as MCP's {@code inputSchema}: an object that takes no parameters but these. */
    public Map<String, Object> toMap() {
        Map<String, Object> schema = new LinkedHashMap<>();
        schema.put("type", "object");
        schema.put("properties", properties);
        schema.put("required", List.copyOf(required));
        schema.put("additionalProperties", false);
        return schema;
    }
}
