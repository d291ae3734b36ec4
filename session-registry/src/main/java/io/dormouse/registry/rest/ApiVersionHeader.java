package io.dormouse.registry.rest;

import jakarta.ws.rs.container.ContainerResponseContext;

import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/**
 * Names the version of the HTTP API on every answer ({@code Dormouse-Api-Version}), so a client library can tell
 * which API it talks to. The version changes only when a change would break a client written against the last one.
 */
public class ApiVersionHeader {
    /** The API under {@code /v1}. */
    public static final String VERSION = "1";
    static final String HEADER = "Dormouse-Api-Version";

    @ServerResponseFilter
    public void addVersion(ContainerResponseContext response) {
        response.getHeaders().putSingle(HEADER, VERSION);
    }
}
