package io.dormouse.store.repository;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.dormouse.protocol.SessionId;
import io.dormouse.store.config.StoreConfig;

/**
 * The cold tier: one file per session. A write goes to a temporary file that is synced and then atomically renamed, so
 * a reader sees the old snapshot or the new one, never a torn one.
 */
@ApplicationScoped
public class FilesystemSnapshotRepository implements SnapshotRepository {
    private static final String SUFFIX = ".snapshot.json";

    private final Path directory;

    @Inject
    public FilesystemSnapshotRepository(StoreConfig config) {
        this.directory = Path.of(config.directory()).toAbsolutePath();
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create snapshot directory " + directory, e);
        }
    }

    @Override
    public void write(SessionId sessionId, byte[] snapshot) {
        Path target = fileOf(sessionId);
        Path temporary = directory.resolve(sessionId.value() + "." + UUID.randomUUID() + ".tmp");
        try {
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.WRITE)) {
                channel.write(ByteBuffer.wrap(snapshot));
                channel.force(true);
            }
            Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            syncDirectory();
        } catch (IOException e) {
            removeTemporary(temporary, e);
            throw new UncheckedIOException("cannot write the snapshot of " + sessionId, e);
        }
    }

    @Override
    public Optional<byte[]> read(SessionId sessionId) {
        try {
            return Optional.of(Files.readAllBytes(fileOf(sessionId)));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the snapshot of " + sessionId, e);
        }
    }

    @Override
    public boolean delete(SessionId sessionId) {
        try {
            return Files.deleteIfExists(fileOf(sessionId));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete the snapshot of " + sessionId, e);
        }
    }

    /** The session id format ({@code ses_} + base62) makes it safe as a file name. */
    private Path fileOf(SessionId sessionId) {
        return directory.resolve(sessionId.value() + SUFFIX);
    }

    /** The rename is durable only once the directory entry is. */
    private void syncDirectory() throws IOException {
        try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
            dir.force(true);
        }
    }

    /** The write already failed with the more useful error; a cleanup failure rides along with it. */
    private static void removeTemporary(Path path, IOException writeFailure) {
        try {
            Files.deleteIfExists(path);
        } catch (IOException cleanupFailure) {
            writeFailure.addSuppressed(cleanupFailure);
        }
    }
}
