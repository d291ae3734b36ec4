package io.dormouse.protocol;

import java.io.IOException;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.InvalidTypeIdException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/** The one JSON encoding of every protocol type, strict on input so a malformed message never half-applies. */
public final class ProtocolJson {
    private static final ObjectMapper MAPPER = configure(new ObjectMapper());

    private ProtocolJson() {
    }

    /** Applies the protocol's settings to a mapper, e.g. the one a framework owns. */
    public static ObjectMapper configure(ObjectMapper mapper) {
        return mapper.registerModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_INVALID_SUBTYPE)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .setSerializationInclusion(JsonInclude.Include.NON_NULL);
    }

    public static ObjectMapper mapper() {
        return MAPPER;
    }

    public static String encode(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode " + value.getClass().getSimpleName(), e);
        }
    }

    public static byte[] encodeBytes(Object value) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode " + value.getClass().getSimpleName(), e);
        }
    }

    public static <T> T decode(String json, Class<T> type) {
        try {
            if (json == null || json.isBlank()) {
                throw new ProtocolException("empty payload, expected a " + type.getSimpleName(), null);
            }
            return MAPPER.readValue(json, type);
        } catch (IOException e) {
            throw new ProtocolException(describe(e, type), e);
        }
    }

    public static <T> T decode(byte[] json, Class<T> type) {
        try {
            return MAPPER.readValue(json, type);
        } catch (IOException e) {
            throw new ProtocolException(describe(e, type), e);
        }
    }

    /**
     * A one-line reason naming the offending type id, field or value, fit for an HTTP 400 or a dead-letter header. It
     * speaks of the JSON (field paths, JSON types), never of the Java classes behind it.
     */
    public static String describe(Throwable failure, Class<?> expected) {
        if (failure instanceof InvalidTypeIdException e) {
            String kind = kindOf(e.getBaseType() == null ? expected : e.getBaseType().getRawClass());
            return e.getTypeId() == null
                    ? "missing 'type' for " + kind
                    : "unknown type '" + e.getTypeId() + "' for " + kind;
        }
        if (failure instanceof JsonMappingException e) {
            if (e instanceof UnrecognizedPropertyException unknown) {
                String parent = pathOf(e.getPath().subList(0, Math.max(0, e.getPath().size() - 1)));
                return "unknown field '" + unknown.getPropertyName() + "'" + (parent.isEmpty() ? "" : " in " + parent)
                        + "; known fields: " + unknown.getKnownPropertyIds();
            }
            String path = pathOf(e.getPath());
            String at = path.isEmpty() ? "" : " at " + path;
            if (e instanceof ValueInstantiationException && e.getCause() != null) {
                return (path.isEmpty() ? "" : path + ": ") + firstLine(e.getCause().getMessage());
            }
            if (e instanceof InvalidFormatException invalid && invalid.getTargetType() != null) {
                return (path.isEmpty() ? "the body" : path) + ": expected " + jsonType(invalid.getTargetType())
                        + ", got '" + invalid.getValue() + "'";
            }
            if (e instanceof MismatchedInputException mismatched && mismatched.getTargetType() != null) {
                return (path.isEmpty() ? "the body" : path) + ": expected " + jsonType(mismatched.getTargetType());
            }
            if (e.getCause() instanceof IllegalArgumentException cause) {
                return (path.isEmpty() ? "" : path + ": ") + firstLine(cause.getMessage());
            }
            return "invalid value" + at + ": " + withoutClassNames(e.getOriginalMessage());
        }
        if (failure instanceof JsonProcessingException e) {
            return "malformed JSON: " + withoutClassNames(e.getOriginalMessage());
        }
        return withoutClassNames(failure.getMessage());
    }

    /** {@code viewport.width}, {@code cookies[2].name}: where in the document the mapping failed. */
    private static String pathOf(java.util.List<JsonMappingException.Reference> references) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference reference : references) {
            if (reference.getFieldName() != null) {
                path.append(path.isEmpty() ? "" : ".").append(reference.getFieldName());
            } else if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    /** What a client sends: an action, a command, an event; other types are "a value". */
    private static String kindOf(Class<?> type) {
        if (Action.class.isAssignableFrom(type)) {
            return "Action";
        }
        if (SessionCommand.class.isAssignableFrom(type)) {
            return "SessionCommand";
        }
        if (DormouseEvent.class.isAssignableFrom(type)) {
            return "DormouseEvent";
        }
        return "the value";
    }

    private static String jsonType(Class<?> type) {
        if (type.isPrimitive() && type != boolean.class || Number.class.isAssignableFrom(type)) {
            return "a number";
        }
        if (type == boolean.class || type == Boolean.class) {
            return "true or false";
        }
        if (CharSequence.class.isAssignableFrom(type) || type.isEnum() || type == java.time.Instant.class) {
            return "a string";
        }
        if (type.isArray() || java.util.Collection.class.isAssignableFrom(type)) {
            return "an array";
        }
        return "an object";
    }

    /** Jackson quotes types in backticks ({@code `java.lang.Integer`}); a client needs none of them. */
    private static String withoutClassNames(String message) {
        if (message == null) {
            return "";
        }
        return firstLine(message.replaceAll("`[A-Za-z_$][\\w.$<>\\[\\], ]*`", "a value")
                .replaceAll("\\b(?:java|javax|jakarta|com|io|org)\\.[\\w.$]+", "a value"));
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
