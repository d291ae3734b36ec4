package io.dormouse.registry.rest;

import java.util.List;

/** Body of {@code PATCH /v1/sessions/{id}/tags}: tags to add and tags to remove, applied together. */
public record TagsPatchRequest(List<String> add, List<String> remove) {
    public TagsPatchRequest {
        if (add == null && remove == null) {
            throw new IllegalArgumentException("add or remove: at least one is required");
        }
        add = Validation.tags(add);
        remove = Validation.tags(remove);
    }
}
