package io.dormouse.store.tier;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;

import io.dormouse.protocol.SessionId;
import io.dormouse.store.repository.Directories;

/**
 * The cold tier: {@code <root>/<sessionId>/<version>.snap}. A write goes to a temporary file that is synced, atomically
 * renamed and its directory synced, so a crash leaves the old version set or the new one, never a torn blob.
 */
public class DiskSnapshotStorage implements SnapshotStorage {
    public static final String NAME = "disk";
    private static final String SUFFIX = ".snap";

    private final Path root;

    public DiskSnapshotStorage(Path root) {
        this.root = root.toAbsolutePath();
        try {
            Directories.createPrivate(this.root);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the cold tier directory " + this.root, e);
        }
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean durable() {
        return true;
    }

    @Override
    public void put(SessionId id, long version, byte[] blob) {
        Path directory = directoryOf(id);
        Path temporary = directory.resolve(version + "." + UUID.randomUUID() + ".tmp");
        try {
            Directories.createPrivate(directory);
            try (FileChannel channel = FileChannel.open(temporary, Set.of(StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.WRITE), Directories.privateFile())) {
                channel.write(ByteBuffer.wrap(blob));
                channel.force(true);
            }
            Files.move(temporary, directory.resolve(version + SUFFIX), StandardCopyOption.ATOMIC_MOVE,
                    StandardCopyOption.REPLACE_EXISTING);
            try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
                dir.force(true);
            }
        } catch (IOException e) {
            try {
                Files.deleteIfExists(temporary);
            } catch (IOException cleanupFailure) {
                e.addSuppressed(cleanupFailure);
            }
            throw new UncheckedIOException("cannot write version " + version + " of " + id, e);
        }
    }

    @Override
    public Optional<byte[]> get(SessionId id, long version) {
        try {
            return Optional.of(Files.readAllBytes(directoryOf(id).resolve(version + SUFFIX)));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read version " + version + " of " + id, e);
        }
    }

    @Override
    public List<Long> versions(SessionId id) {
        Path directory = directoryOf(id);
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        List<Long> versions = new ArrayList<>();
        try (Stream<Path> files = Files.list(directory)) {
            files.map(path -> path.getFileName().toString()).filter(name -> name.endsWith(SUFFIX))
                    .forEach(name -> versions.add(Long.parseLong(name.substring(0, name.length() - SUFFIX.length()))));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the snapshots of " + id, e);
        }
        versions.sort(Comparator.naturalOrder());
        return versions;
    }

    @Override
    public void delete(SessionId id, long version) {
        try {
            Files.deleteIfExists(directoryOf(id).resolve(version + SUFFIX));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete version " + version + " of " + id, e);
        }
    }

    @Override
    public boolean deleteAll(SessionId id) {
        return Directories.deleteTree(directoryOf(id), "the snapshots of " + id);
    }

    @Override
    public Set<SessionId> sessions() {
        Set<SessionId> sessions = new HashSet<>();
        try (Stream<Path> entries = Files.list(root)) {
            entries.filter(Files::isDirectory).map(path -> path.getFileName().toString()).filter(SessionId::isValid)
                    .forEach(name -> sessions.add(SessionId.of(name)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + root, e);
        }
        sessions.removeIf(id -> versions(id).isEmpty());
        return sessions;
    }

    /** The session id format ({@code ses_} + base62) makes it safe as a directory name. */
    private Path directoryOf(SessionId id) {
        return root.resolve(id.value());
    }
}
