package io.dormouse.store.crypto;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.dormouse.protocol.SessionId;
import io.dormouse.store.config.StoreConfig;

/**
 * Seals snapshots at rest: gzip, then AES-256-GCM. The envelope is {@code "DMS1"}, the key id (length-prefixed), a
 * random 96-bit IV, then ciphertext and tag. The session id is authenticated data, so a blob copied under another
 * session fails like a tampered one. GCM's tag is the checksum: a flipped bit anywhere fails {@link #open}.
 */
@ApplicationScoped
public class SnapshotCipher {
    private static final byte[] MAGIC = "DMS1".getBytes(StandardCharsets.US_ASCII);
    private static final int IV_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final int KEY_BYTES = 32;

    private final Map<String, SecretKey> keys;
    private final String activeKeyId;
    private final SecureRandom random = new SecureRandom();

    /** A blob that cannot be opened: tampered, truncated, sealed for another session, or by an unknown key. */
    public static class CorruptSnapshotException extends RuntimeException {
        public CorruptSnapshotException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    @Inject
    public SnapshotCipher(StoreConfig config) {
        this(config.encryption().keys(), config.encryption().activeKeyId().orElse(null));
    }

    public SnapshotCipher(String keyList, String activeKeyId) {
        this.keys = parseKeys(keyList);
        this.activeKeyId = activeKeyId == null
                ? keys.keySet().stream().reduce((first, last) -> last).orElseThrow()
                : activeKeyId;
        if (!keys.containsKey(this.activeKeyId)) {
            throw new IllegalArgumentException("dormouse.store.encryption.active-key-id '" + activeKeyId
                    + "' is not among the configured keys " + keys.keySet());
        }
    }

    public String activeKeyId() {
        return activeKeyId;
    }

    public byte[] seal(SessionId sessionId, byte[] plaintext) {
        byte[] keyId = activeKeyId.getBytes(StandardCharsets.UTF_8);
        byte[] iv = new byte[IV_BYTES];
        random.nextBytes(iv);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, keys.get(activeKeyId), new GCMParameterSpec(TAG_BITS, iv));
            cipher.updateAAD(associatedData(keyId, sessionId));
            byte[] sealed = cipher.doFinal(gzip(plaintext));
            return ByteBuffer.allocate(MAGIC.length + 1 + keyId.length + IV_BYTES + sealed.length).put(MAGIC)
                    .put((byte) keyId.length).put(keyId).put(iv).put(sealed).array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is unavailable", e);
        }
    }

    /** The key id a blob was sealed with, read from its header without opening it. */
    public String keyIdOf(byte[] blob) {
        return header(blob).keyId();
    }

    public byte[] open(SessionId sessionId, byte[] blob) {
        Header header = header(blob);
        SecretKey key = keys.get(header.keyId());
        if (key == null) {
            throw new CorruptSnapshotException("sealed with key '" + header.keyId() + "', which is not configured",
                    null);
        }
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key,
                    new GCMParameterSpec(TAG_BITS, blob, header.ivOffset(), IV_BYTES));
            cipher.updateAAD(associatedData(header.keyId().getBytes(StandardCharsets.UTF_8), sessionId));
            int bodyOffset = header.ivOffset() + IV_BYTES;
            return gunzip(cipher.doFinal(blob, bodyOffset, blob.length - bodyOffset));
        } catch (AEADBadTagException e) {
            throw new CorruptSnapshotException("the integrity check failed (tampered, truncated or not "
                    + sessionId + "'s)", e);
        } catch (GeneralSecurityException e) {
            throw new CorruptSnapshotException("cannot decrypt: " + e.getMessage(), e);
        }
    }

    private record Header(String keyId, int ivOffset) {
    }

    private static Header header(byte[] blob) {
        if (blob.length < MAGIC.length + 1 + IV_BYTES
                || !ByteBuffer.wrap(blob, 0, MAGIC.length).equals(ByteBuffer.wrap(MAGIC))) {
            throw new CorruptSnapshotException("not a sealed snapshot (bad header)", null);
        }
        int keyIdLength = blob[MAGIC.length] & 0xff;
        int ivOffset = MAGIC.length + 1 + keyIdLength;
        if (blob.length < ivOffset + IV_BYTES + TAG_BITS / 8) {
            throw new CorruptSnapshotException("truncated snapshot", null);
        }
        return new Header(new String(blob, MAGIC.length + 1, keyIdLength, StandardCharsets.UTF_8), ivOffset);
    }

    private static byte[] associatedData(byte[] keyId, SessionId sessionId) {
        byte[] session = sessionId.value().getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(MAGIC.length + keyId.length + session.length).put(MAGIC).put(keyId).put(session)
                .array();
    }

    private static Map<String, SecretKey> parseKeys(String keyList) {
        Map<String, SecretKey> keys = new LinkedHashMap<>();
        for (String entry : keyList.split(",")) {
            String trimmed = entry.trim();
            if (trimmed.isEmpty()) {
                continue;
            }
            int colon = trimmed.indexOf(':');
            if (colon < 1 || colon > 255) {
                throw new IllegalArgumentException(
                        "dormouse.store.encryption.keys: expected 'id:base64key' entries, got one without an id");
            }
            String id = trimmed.substring(0, colon);
            byte[] material;
            try {
                material = Base64.getDecoder().decode(trimmed.substring(colon + 1));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("dormouse.store.encryption.keys: key '" + id + "' is not base64", e);
            }
            if (material.length != KEY_BYTES) {
                throw new IllegalArgumentException("dormouse.store.encryption.keys: key '" + id + "' has "
                        + material.length + " bytes; AES-256 needs " + KEY_BYTES);
            }
            keys.put(id, new SecretKeySpec(material, "AES"));
        }
        if (keys.isEmpty()) {
            throw new IllegalArgumentException("dormouse.store.encryption.keys names no key");
        }
        return keys;
    }

    private static byte[] gzip(byte[] plaintext) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(plaintext.length / 4 + 64);
        try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
            gzip.write(plaintext);
        } catch (IOException e) {
            throw new UncheckedIOException("gzip into memory failed", e);
        }
        return out.toByteArray();
    }

    private static byte[] gunzip(byte[] compressed) {
        try (GZIPInputStream gzip = new GZIPInputStream(new ByteArrayInputStream(compressed))) {
            return gzip.readAllBytes();
        } catch (IOException e) {
            throw new CorruptSnapshotException("the decrypted snapshot does not decompress", e);
        }
    }
}
