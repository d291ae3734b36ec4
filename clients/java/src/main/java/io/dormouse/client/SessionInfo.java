package io.dormouse.client;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import io.dormouse.protocol.SessionId;

/**
 * A session as the API shows it. {@code state} is CREATED, ACTIVE, HIBERNATED or DELETED; {@code raw} keeps the JSON
 * it came from, for the fields not named here (viewport, proxy, snapshot, metadata…).
 */
public record SessionInfo(SessionId id, String state, String profile, List<String> tags, String hibernationTier,
        String workerId, String createdAt, String lastActiveAt, String leasedUntil, JsonNode raw) {

    static SessionInfo of(JsonNode body) {
        List<String> tags = new ArrayList<>();
        body.path("tags").forEach(tag -> tags.add(tag.asText()));
        return new SessionInfo(SessionId.of(body.path("id").asText()), body.path("state").asText(),
                text(body, "profile"), List.copyOf(tags), text(body, "hibernationTier"), text(body, "workerId"),
                text(body, "createdAt"), text(body, "lastActiveAt"), text(body, "leasedUntil"), body);
    }

    static String text(JsonNode body, String field) {
        JsonNode value = body.path(field);
        return value.isMissingNode() || value.isNull() ? null : value.asText();
    }
}
