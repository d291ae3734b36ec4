package io.dormouse.worker.store;

import org.eclipse.microprofile.config.ConfigProvider;

/** The {@code Authorization} header of every call to the hibernation-store: its shared service token. */
public final class StoreAuthorization {
    private StoreAuthorization() {
    }

    public static String header() {
        return "Bearer " + ConfigProvider.getConfig().getValue("dormouse.store-token", String.class);
    }
}
