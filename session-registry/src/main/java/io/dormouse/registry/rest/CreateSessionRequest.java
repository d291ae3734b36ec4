package io.dormouse.registry.rest;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import io.dormouse.protocol.CommandId;
import io.dormouse.protocol.HibernationTier;
import io.dormouse.protocol.ProxySettings;
import io.dormouse.protocol.SessionSpec;
import io.dormouse.protocol.Viewport;

/** Body of {@code POST /v1/sessions}. Field rules are checked on construction, so a bad body fails as a 400. */
public record CreateSessionRequest(
        String profile,
        Viewport viewport,
        ProxySettings proxy,
        String userAgent,
        String locale,
        String timezone,
        List<String> tags,
        HibernationTier hibernationTier,
        Map<String, JsonNode> metadata,
        CommandId commandId) {
    public CreateSessionRequest {
        tags = Validation.tags(tags);
        metadata = Validation.metadata(metadata);
        Validation.optionalText(userAgent, "userAgent", 512);
        Validation.optionalText(locale, "locale", 35);
        Validation.optionalText(timezone, "timezone", 64);
    }

    public SessionSpec spec() {
        return new SessionSpec(profile, viewport, proxy, userAgent, locale, timezone, hibernationTier);
    }
}
