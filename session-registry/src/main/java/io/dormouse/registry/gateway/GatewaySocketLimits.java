package io.dormouse.registry.gateway;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.dormouse.registry.config.RegistryConfig;
import io.quarkus.vertx.http.HttpServerOptionsCustomizer;
import io.vertx.core.http.HttpServerOptions;

/** Lets whole CDP messages through the gateway: a screenshot's is megabytes, past Vert.x's 64 KiB default. */
@ApplicationScoped
public class GatewaySocketLimits implements HttpServerOptionsCustomizer {
    @Inject
    RegistryConfig config;

    @Override
    public void customizeHttpServer(HttpServerOptions options) {
        int limit = config.gateway().maxMessageBytes();
        options.setMaxWebSocketFrameSize(limit).setMaxWebSocketMessageSize(limit);
    }
}
