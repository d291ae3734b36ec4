package io.dormouse.registry.rest;

import java.util.List;

/** Body of {@code PUT /v1/sessions/{id}/tags}. */
public record TagsRequest(List<String> tags) {
    public TagsRequest {
        if (tags == null) {
            throw new IllegalArgumentException("tags: required (use [] to clear)");
        }
        tags = Validation.tags(tags);
    }
}
