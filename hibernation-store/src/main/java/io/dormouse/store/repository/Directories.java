package io.dormouse.store.repository;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.Set;
import java.util.stream.Stream;

/**
 * File-tree chores the store's on-disk parts share. What the store writes is for its own user alone: directories
 * 0700, files 0600, whatever the process's umask, so no other local account (a browser among them) can read it.
 */
public final class Directories {
    private static final FileAttribute<Set<PosixFilePermission>> PRIVATE_DIRECTORY = PosixFilePermissions
            .asFileAttribute(PosixFilePermissions.fromString("rwx------"));
    private static final FileAttribute<Set<PosixFilePermission>> PRIVATE_FILE = PosixFilePermissions
            .asFileAttribute(PosixFilePermissions.fromString("rw-------"));

    private Directories() {
    }

    /** Creates {@code directory} and any missing parents, each readable by the owner only. */
    public static void createPrivate(Path directory) throws IOException {
        Files.createDirectories(directory, PRIVATE_DIRECTORY);
    }

    /** The attribute that creates a file readable and writable by the owner only. */
    public static FileAttribute<Set<PosixFilePermission>> privateFile() {
        return PRIVATE_FILE;
    }

    /** Writes a new file readable by the owner only; fails if it exists. */
    public static void writePrivate(Path file, byte[] content) throws IOException {
        Files.write(Files.createFile(file, PRIVATE_FILE), content);
    }

    /**
     * Deletes {@code directory} and everything under it, deepest first; false when there was no such directory.
     * {@code what} names its contents in the error.
     */
    public static boolean deleteTree(Path directory, String what) {
        if (!Files.isDirectory(directory)) {
            return false;
        }
        try (Stream<Path> files = Files.walk(directory)) {
            for (Path path : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
            return true;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + what, e);
        }
    }
}
