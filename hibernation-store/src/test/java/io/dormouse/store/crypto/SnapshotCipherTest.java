package io.dormouse.store.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import io.dormouse.protocol.SessionId;
import io.dormouse.store.crypto.SnapshotCipher.CorruptSnapshotException;

class SnapshotCipherTest {
    private static final String K1 = "k1:ZG9ybW91c2UtZGV2LWFuZC10ZXN0LWtleS0wMDAwMDE=";
    private static final String K2 = "k2:ZG9ybW91c2UtZGV2LWFuZC10ZXN0LWtleS0wMDAwMDI=";
    private static final byte[] PLAINTEXT = ("{\"cookie\":\"canary-value\"," + "\"pad\":\"" + "x".repeat(4000) + "\"}")
            .getBytes(StandardCharsets.UTF_8);

    private final SessionId session = SessionId.random();

    @Test
    void sealedBlobOpensAndIsCompressedWithoutThePlaintextInIt() {
        SnapshotCipher cipher = new SnapshotCipher(K1, null);

        byte[] blob = cipher.seal(session, PLAINTEXT);

        assertThat(cipher.open(session, blob)).isEqualTo(PLAINTEXT);
        assertThat(blob.length).isLessThan(PLAINTEXT.length / 4);
        assertThat(new String(blob, StandardCharsets.ISO_8859_1)).doesNotContain("canary-value");
        assertThat(cipher.keyIdOf(blob)).isEqualTo("k1");
    }

    @Test
    void aFlippedBitOrAnotherSessionFailsTheIntegrityCheck() {
        SnapshotCipher cipher = new SnapshotCipher(K1, null);
        byte[] blob = cipher.seal(session, PLAINTEXT);

        byte[] tampered = blob.clone();
        tampered[tampered.length / 2] ^= 1;

        assertThatThrownBy(() -> cipher.open(session, tampered)).isInstanceOf(CorruptSnapshotException.class)
                .hasMessageContaining("integrity");
        assertThatThrownBy(() -> cipher.open(SessionId.random(), blob)).isInstanceOf(CorruptSnapshotException.class);
        assertThatThrownBy(() -> cipher.open(session, new byte[]{1, 2, 3}))
                .isInstanceOf(CorruptSnapshotException.class).hasMessageContaining("header");
    }

    @Test
    void rotatedKeysStillOpenOldBlobsAndSealWithTheNewOne() {
        byte[] old = new SnapshotCipher(K1, null).seal(session, PLAINTEXT);
        SnapshotCipher rotated = new SnapshotCipher(K1 + "," + K2, null);

        assertThat(rotated.activeKeyId()).isEqualTo("k2");
        assertThat(rotated.open(session, old)).isEqualTo(PLAINTEXT);
        assertThat(rotated.keyIdOf(rotated.seal(session, PLAINTEXT))).isEqualTo("k2");
        assertThatThrownBy(() -> new SnapshotCipher(K2, null).open(session, old))
                .isInstanceOf(CorruptSnapshotException.class).hasMessageContaining("'k1'");
    }

    @Test
    void badKeyConfigurationIsRefusedWithItsReason() {
        assertThatThrownBy(() -> new SnapshotCipher("k1:c2hvcnQ=", null)).hasMessageContaining("AES-256 needs 32");
        assertThatThrownBy(() -> new SnapshotCipher(K1, "k9")).hasMessageContaining("'k9'");
        assertThatThrownBy(() -> new SnapshotCipher(" , ", null)).hasMessageContaining("no key");
    }
}
