package io.dormouse.registry.security;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;

import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Seals the few secrets the registry must keep (a session proxy's password) with AES-256-GCM under
 * {@code DORMOUSE_REGISTRY_KEY}, so the database and its backups hold none in the clear. A sealed value reads
 * {@code sealed:v1:<base64 of IV and ciphertext>}; a value without the prefix (written before sealing) reads as it is
 * and is sealed when the row is next written.
 */
public final class SecretSeal {
    private static final String PREFIX = "sealed:v1:";
    private static final int IV_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();
    private static volatile SecretSeal configured;

    private final SecretKey key;

    SecretSeal(byte[] key) {
        if (key.length != 32) {
            throw new IllegalArgumentException("DORMOUSE_REGISTRY_KEY must be 32 bytes, base64-encoded; got "
                    + key.length + " bytes");
        }
        this.key = new SecretKeySpec(key, "AES");
    }

    /** The seal under the configured key ({@code dormouse.registry.secret-key}). */
    public static SecretSeal configured() {
        SecretSeal seal = configured;
        if (seal == null) {
            String encoded = ConfigProvider.getConfig().getValue("dormouse.registry.secret-key", String.class);
            try {
                seal = new SecretSeal(Base64.getDecoder().decode(encoded.strip()));
            } catch (IllegalArgumentException e) {
                throw new IllegalStateException("DORMOUSE_REGISTRY_KEY is not a base64-encoded 32-byte key", e);
            }
            configured = seal;
        }
        return seal;
    }

    public String seal(String secret) {
        if (secret == null || secret.startsWith(PREFIX)) {
            return secret;
        }
        try {
            byte[] iv = new byte[IV_BYTES];
            RANDOM.nextBytes(iv);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, iv));
            byte[] sealed = cipher.doFinal(secret.getBytes(StandardCharsets.UTF_8));
            byte[] out = new byte[IV_BYTES + sealed.length];
            System.arraycopy(iv, 0, out, 0, IV_BYTES);
            System.arraycopy(sealed, 0, out, IV_BYTES, sealed.length);
            return PREFIX + Base64.getEncoder().encodeToString(out);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is part of every JVM", e);
        }
    }

    public String open(String value) {
        if (value == null || !value.startsWith(PREFIX)) {
            return value;
        }
        try {
            byte[] in = Base64.getDecoder().decode(value.substring(PREFIX.length()));
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, in, 0, IV_BYTES));
            return new String(cipher.doFinal(in, IV_BYTES, in.length - IV_BYTES), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalStateException("a sealed secret does not open with DORMOUSE_REGISTRY_KEY (another key,"
                    + " or a damaged value)", e);
        }
    }
}
