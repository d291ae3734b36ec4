package io.dormouse.store.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.dormouse.protocol.ProtocolJson;
import io.dormouse.protocol.SessionId;
import io.dormouse.protocol.SessionSnapshot;
import io.dormouse.protocol.SessionSpec;
import io.dormouse.protocol.SnapshotRef;
import io.dormouse.store.config.StoreConfig;
import io.dormouse.store.repository.FilesystemSnapshotRepository;
import io.dormouse.store.service.SnapshotService.RejectedSnapshotException;

class SnapshotServiceTest {
    @TempDir
    Path directory;

    private SnapshotService service;

    @BeforeEach
    void setUp() {
        StoreConfig config = new StoreConfig() {
            @Override
            public String directory() {
                return directory.toString();
            }

            @Override
            public long maxSnapshotBytes() {
                return 4096;
            }
        };
        service = new SnapshotService();
        service.config = config;
        service.repository = new FilesystemSnapshotRepository(config);
    }

    @Test
    void storedSnapshotReadsBackByteForByteWithItsChecksum() throws Exception {
        SessionId id = SessionId.random();
        byte[] body = snapshot(id, "secret-cookie");

        SnapshotRef ref = service.store(id, body);

        assertThat(service.load(id)).hasValueSatisfying(read -> assertThat(read).isEqualTo(body));
        assertThat(ref.sizeBytes()).isEqualTo(body.length);
        assertThat(ref.sha256()).isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(body)));
        assertThat(ref.sessionId()).isEqualTo(id);
    }

    @Test
    void aNewSnapshotReplacesTheOldOneAndLeavesNoTemporaryFiles() throws Exception {
        SessionId id = SessionId.random();
        service.store(id, snapshot(id, "first"));
        byte[] second = snapshot(id, "second");

        service.store(id, second);

        assertThat(service.load(id)).hasValueSatisfying(read -> assertThat(read).isEqualTo(second));
        try (var files = Files.list(directory)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly(id + ".snapshot.json");
        }
    }

    @Test
    void deleteRemovesTheSnapshotAndIsIdempotent() {
        SessionId id = SessionId.random();
        service.store(id, snapshot(id, "x"));

        assertThat(service.delete(id)).isTrue();
        assertThat(service.delete(id)).isFalse();
        assertThat(service.load(id)).isEmpty();
    }

    @Test
    void refusesWhatCouldNotBeRehydrated() {
        SessionId id = SessionId.random();
        SessionId other = SessionId.random();

        assertThatThrownBy(() -> service.store(id, "{\"nope\":1}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(RejectedSnapshotException.class)
                .hasMessageStartingWith("not a valid snapshot");
        assertThatThrownBy(() -> service.store(id, snapshot(other, "x")))
                .hasMessage("the snapshot belongs to " + other + ", not " + id);
        assertThatThrownBy(() -> service.store(id, new byte[0])).hasMessage("the snapshot body is empty");
        assertThat(service.load(id)).isEmpty();
    }

    @Test
    void refusesOversizedSnapshotsWithTheLimit() {
        SessionId id = SessionId.random();

        assertThatThrownBy(() -> service.store(id, snapshot(id, "v".repeat(5000))))
                .isInstanceOfSatisfying(RejectedSnapshotException.class,
                        e -> assertThat(e.reason()).isEqualTo(RejectedSnapshotException.Reason.TOO_LARGE))
                .hasMessageContaining("over the limit of 4096");
    }

    private static byte[] snapshot(SessionId id, String cookieValue) {
        return ProtocolJson.encodeBytes(new SessionSnapshot(SessionSnapshot.FORMAT_VERSION, id, Instant.now(),
                SessionSpec.ofProfile("default"),
                List.of(new SessionSnapshot.Cookie("sid", cookieValue, "127.0.0.1", "/", -1, false, false, "Lax")),
                List.of(new SessionSnapshot.OriginStorage("http://127.0.0.1:1", Map.of("k", "v"), Map.of())),
                List.of(new SessionSnapshot.PageState("http://127.0.0.1:1/", "t", List.of(), 0)), 0, Map.of(),
                List.of()));
    }
}
