package io.dormouse.worker.cdp;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.dormouse.worker.config.WorkerConfig;
import io.quarkus.vertx.http.HttpServerOptionsCustomizer;
import io.vertx.core.http.HttpServerOptions;

/**
 * Lets CDP messages through whole: Chromium and client libraries send each message as one frame, and a screenshot's
 * is megabytes, far past Vert.x's 64 KiB default.
 */
@ApplicationScoped
public class CdpSocketLimits implements HttpServerOptionsCustomizer {
    @Inject
    WorkerConfig config;

    @Override
    public void customizeHttpServer(HttpServerOptions options) {
        int limit = config.gateway().maxMessageBytes();
        options.setMaxWebSocketFrameSize(limit).setMaxWebSocketMessageSize(limit);
    }
}
