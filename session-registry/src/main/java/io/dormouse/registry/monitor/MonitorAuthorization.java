package io.dormouse.registry.monitor;

import org.eclipse.microprofile.config.ConfigProvider;

import io.dormouse.protocol.ServiceToken;

/** The {@code Authorization} header of every call to the health-monitor: its service token. */
public final class MonitorAuthorization {
    private MonitorAuthorization() {
    }

    public static String header() {
        return ServiceToken.header(ConfigProvider.getConfig().getOptionalValue("dormouse.monitor-token", String.class)
                .orElse(""));
    }
}
