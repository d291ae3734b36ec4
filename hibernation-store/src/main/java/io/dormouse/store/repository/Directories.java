package io.dormouse.store.repository;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** File-tree chores the store's on-disk parts share. */
public final class Directories {
    private Directories() {
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
