package io.dormouse.registry.store;

import org.eclipse.microprofile.config.ConfigProvider;

import io.dormouse.protocol.ServiceToken;

/** The {@code Authorization} header of every call to the hibernation-store: its shared service token. */
public final class StoreAuthorization {
    private StoreAuthorization() {
    }

    public static String header() {
        return ServiceToken.header(ConfigProvider.getConfig().getValue("dormouse.store-token", String.class));
    }
}
