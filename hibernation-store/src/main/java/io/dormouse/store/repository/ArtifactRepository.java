package io.dormouse.store.repository;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.dormouse.protocol.SessionId;
import io.dormouse.store.config.StoreConfig;
import io.dormouse.store.crypto.SnapshotCipher;

/**
 * Large action results (screenshots, PDFs, JSON) kept for their session: one file per artifact beside a file holding
 * its content type, under {@code artifacts/<sessionId>/}. Each is sealed like a snapshot (AES-256-GCM, bound to its
 * session) and readable by the store's user only. Written to a temporary file and renamed, so a reader never sees half
 * an artifact.
 */
@ApplicationScoped
public class ArtifactRepository {
    private static final String TYPE_SUFFIX = ".type";

    private final Path root;
    private final SnapshotCipher cipher;

    /** An artifact's bytes and content type. */
    public record Artifact(byte[] bytes, String contentType) {
    }

    @Inject
    public ArtifactRepository(StoreConfig config, SnapshotCipher cipher) {
        this.root = Path.of(config.directory()).toAbsolutePath().resolve("artifacts");
        this.cipher = cipher;
    }

    /** {@code artifactId} is validated by the caller ({@code art_} + hex), so it is safe as a file name. */
    public void write(SessionId sessionId, String artifactId, Artifact artifact) {
        Path directory = root.resolve(sessionId.value());
        try {
            Directories.createPrivate(directory);
            Path temporary = directory.resolve(artifactId + "." + UUID.randomUUID() + ".tmp");
            Directories.writePrivate(temporary, cipher.seal(sessionId, artifact.bytes()));
            Path type = directory.resolve(artifactId + TYPE_SUFFIX + "." + UUID.randomUUID() + ".tmp");
            Directories.writePrivate(type, artifact.contentType().getBytes(StandardCharsets.UTF_8));
            Files.move(type, directory.resolve(artifactId + TYPE_SUFFIX), StandardCopyOption.ATOMIC_MOVE,
                    StandardCopyOption.REPLACE_EXISTING);
            Files.move(temporary, directory.resolve(artifactId), StandardCopyOption.ATOMIC_MOVE,
                    StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write artifact " + artifactId + " of " + sessionId, e);
        }
    }

    public Optional<Artifact> read(SessionId sessionId, String artifactId) {
        Path directory = root.resolve(sessionId.value());
        try {
            byte[] bytes = cipher.open(sessionId, Files.readAllBytes(directory.resolve(artifactId)));
            String type = Files.readString(directory.resolve(artifactId + TYPE_SUFFIX), StandardCharsets.UTF_8);
            return Optional.of(new Artifact(bytes, type));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read artifact " + artifactId + " of " + sessionId, e);
        }
    }

    /** Removes every artifact of the session; true if there were any. */
    public boolean deleteAll(SessionId sessionId) {
        return Directories.deleteTree(root.resolve(sessionId.value()), "the artifacts of " + sessionId);
    }
}
