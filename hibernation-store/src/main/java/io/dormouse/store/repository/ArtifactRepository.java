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

/**
 * Large action results (screenshots, PDFs) kept for their session: one file per artifact beside a file holding its
 * content type, under {@code artifacts/<sessionId>/}. Written to a temporary file and renamed, so a reader never sees
 * half an artifact.
 */
@ApplicationScoped
public class ArtifactRepository {
    private static final String TYPE_SUFFIX = ".type";

    private final Path root;

    /** An artifact's bytes and content type. */
    public record Artifact(byte[] bytes, String contentType) {
    }

    @Inject
    public ArtifactRepository(StoreConfig config) {
        this.root = Path.of(config.directory()).toAbsolutePath().resolve("artifacts");
    }

    /** {@code artifactId} is validated by the caller ({@code art_} + hex), so it is safe as a file name. */
    public void write(SessionId sessionId, String artifactId, Artifact artifact) {
        Path directory = root.resolve(sessionId.value());
        try {
            Files.createDirectories(directory);
            Path temporary = directory.resolve(artifactId + "." + UUID.randomUUID() + ".tmp");
            Files.write(temporary, artifact.bytes());
            Files.writeString(directory.resolve(artifactId + TYPE_SUFFIX), artifact.contentType(),
                    StandardCharsets.UTF_8);
            Files.move(temporary, directory.resolve(artifactId), StandardCopyOption.ATOMIC_MOVE,
                    StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write artifact " + artifactId + " of " + sessionId, e);
        }
    }

    public Optional<Artifact> read(SessionId sessionId, String artifactId) {
        Path directory = root.resolve(sessionId.value());
        try {
            byte[] bytes = Files.readAllBytes(directory.resolve(artifactId));
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
