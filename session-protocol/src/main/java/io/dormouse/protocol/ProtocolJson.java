package io.dormouse.protocol;

import java.io.IOException;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.exc.InvalidTypeIdException;
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

    /** A one-line reason naming the offending type id, field or value, fit for an HTTP 400 or a dead-letter header. */
    public static String describe(Throwable failure, Class<?> expected) {
        String target = expected.getSimpleName();
        if (failure instanceof InvalidTypeIdException e) {
            String base = e.getBaseType() == null ? target : e.getBaseType().getRawClass().getSimpleName();
            return e.getTypeId() == null
                    ? "missing 'type' for " + base
                    : "unknown type '" + e.getTypeId() + "' for " + base;
        }
        if (failure instanceof UnrecognizedPropertyException e) {
            return "unknown field '" + e.getPropertyName() + "' in " + e.getReferringClass().getSimpleName()
                    + "; known fields: " + e.getKnownPropertyIds();
        }
        if (failure instanceof ValueInstantiationException e && e.getCause() != null) {
            return "invalid " + e.getType().getRawClass().getSimpleName() + ": " + e.getCause().getMessage();
        }
        if (failure instanceof com.fasterxml.jackson.databind.JsonMappingException e) {
            return "invalid " + target + " at " + e.getPathReference() + ": " + e.getOriginalMessage();
        }
        if (failure instanceof com.fasterxml.jackson.core.JsonProcessingException e) {
            return "malformed JSON: " + e.getOriginalMessage();
        }
        return failure.getMessage();
    }
}
