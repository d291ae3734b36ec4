package io.dormouse.registry.security;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.quarkus.runtime.StartupEvent;

/** A registry whose {@code DORMOUSE_REGISTRY_KEY} is missing or malformed stops at start-up, not at its first secret. */
@ApplicationScoped
public class SecretSealStartup {
    void onStart(@Observes StartupEvent event) {
        SecretSeal.configured();
    }
}
