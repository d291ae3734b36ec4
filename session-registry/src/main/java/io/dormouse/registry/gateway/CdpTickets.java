package io.dormouse.registry.gateway;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.dormouse.protocol.SessionId;
import io.dormouse.registry.config.RegistryConfig;

/**
 * The tickets in connect URLs: {@code base64url(tenant, session, expiry) "." base64url(HMAC-SHA256)} under a key
 * derived from {@code DORMOUSE_REGISTRY_KEY}. A ticket admits connections to one session of one tenant until it
 * expires; every registry replica checks it alone, so a client may land on any of them.
 */
@ApplicationScoped
public class CdpTickets {
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();
    private static final String PURPOSE = "dormouse cdp ticket v1";

    @Inject
    RegistryConfig config;

    Clock clock = Clock.systemUTC();
    private volatile SecretKeySpec key;

    /** A ticket the bearer of which may connect to {@code session} of {@code tenant}. */
    public record Ticket(String token, String tenant, SessionId session, Instant expiresAt) {
    }

    public Ticket issue(String tenant, SessionId session) {
        Instant expiresAt = clock.instant().plus(config.gateway().ticketTtl()).truncatedTo(
                java.time.temporal.ChronoUnit.SECONDS);
        String payload = tenant + "\n" + session.value() + "\n" + expiresAt.getEpochSecond();
        String encoded = ENCODER.encodeToString(payload.getBytes(StandardCharsets.UTF_8));
        return new Ticket(encoded + "." + ENCODER.encodeToString(mac(encoded)), tenant, session, expiresAt);
    }

    /** The ticket {@code token} stands for, if it is genuine, unexpired and for {@code session}. */
    public Optional<Ticket> verify(String token, SessionId session) {
        if (token == null) {
            return Optional.empty();
        }
        int dot = token.indexOf('.');
        if (dot <= 0 || dot != token.lastIndexOf('.')) {
            return Optional.empty();
        }
        String encoded = token.substring(0, dot);
        byte[] presented;
        String[] fields;
        try {
            presented = DECODER.decode(token.substring(dot + 1));
            fields = new String(DECODER.decode(encoded), StandardCharsets.UTF_8).split("\n", -1);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        if (!MessageDigest.isEqual(presented, mac(encoded)) || fields.length != 3) {
            return Optional.empty();
        }
        Instant expiresAt;
        try {
            expiresAt = Instant.ofEpochSecond(Long.parseLong(fields[2]));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
        if (!fields[1].equals(session.value()) || !clock.instant().isBefore(expiresAt)) {
            return Optional.empty();
        }
        return Optional.of(new Ticket(token, fields[0], session, expiresAt));
    }

    private byte[] mac(String payload) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key());
            return mac.doFinal(payload.getBytes(StandardCharsets.US_ASCII));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    /** A key of its own for tickets, so a ticket never doubles as anything sealed with the registry key. */
    private SecretKeySpec key() {
        SecretKeySpec derived = key;
        if (derived == null) {
            try {
                Mac mac = Mac.getInstance("HmacSHA256");
                mac.init(new SecretKeySpec(Base64.getDecoder().decode(config.secretKey().strip()), "HmacSHA256"));
                derived = new SecretKeySpec(mac.doFinal(PURPOSE.getBytes(StandardCharsets.US_ASCII)), "HmacSHA256");
            } catch (GeneralSecurityException | IllegalArgumentException e) {
                throw new IllegalStateException("DORMOUSE_REGISTRY_KEY is not a base64-encoded key", e);
            }
            key = derived;
        }
        return derived;
    }
}
