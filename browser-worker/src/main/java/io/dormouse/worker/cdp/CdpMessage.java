package io.dormouse.worker.cdp;

import java.io.IOException;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Reading and writing CDP's JSON messages: commands, responses, errors and events. */
final class CdpMessage {
    static final int PARSE_ERROR = -32700;
    static final int INVALID_REQUEST = -32600;
    static final int SERVER_ERROR = -32000;

    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** The fields that route a message, read without building the rest of it (a screenshot is megabytes). */
    record Envelope(Long id, String method, String session) {
    }

    private CdpMessage() {
    }

    static ObjectNode parse(String text) {
        try {
            if (MAPPER.readTree(text) instanceof ObjectNode object) {
                return object;
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("not a JSON message: " + e.getMessage(), e);
        }
        throw new IllegalArgumentException("a CDP message is a JSON object");
    }

    static Envelope peek(String text) {
        Long id = null;
        String method = null;
        String session = null;
        try (JsonParser parser = MAPPER.getFactory().createParser(text)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return new Envelope(null, null, null);
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                switch (field) {
                    case "id" -> id = value == JsonToken.VALUE_NUMBER_INT ? parser.getLongValue() : null;
                    case "method" -> method = value == JsonToken.VALUE_STRING ? parser.getText() : null;
                    case "sessionId" -> session = value == JsonToken.VALUE_STRING ? parser.getText() : null;
                    default -> parser.skipChildren();
                }
            }
        } catch (IOException e) {
            // The browser speaks well-formed JSON; anything else is dropped as unroutable.
            return new Envelope(null, null, "unroutable");
        }
        return new Envelope(id, method, session);
    }

    static ObjectNode object() {
        return JsonNodeFactory.instance.objectNode();
    }

    static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || !value.isTextual() ? null : value.asText();
    }

    static String command(long id, String session, String method, ObjectNode params) {
        ObjectNode message = object().put("id", id).put("method", method);
        message.set("params", params);
        if (session != null) {
            message.put("sessionId", session);
        }
        return message.toString();
    }

    static String result(JsonNode id, String session, ObjectNode result) {
        ObjectNode message = object();
        message.set("id", id);
        message.set("result", result);
        if (session != null) {
            message.put("sessionId", session);
        }
        return message.toString();
    }

    static String error(JsonNode id, String session, int code, String text) {
        ObjectNode message = object();
        message.set("id", id);
        message.putObject("error").put("code", code).put("message", text);
        if (session != null) {
            message.put("sessionId", session);
        }
        return message.toString();
    }
}
