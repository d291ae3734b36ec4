package io.dormouse.worker.browser;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Reads a Linux process's memory from /proc. */
final class ProcessMemory {
    private ProcessMemory() {
    }

    /** Bytes of PSS (smaps_rollup) or else RSS (status); 0 for a process that exited meanwhile. */
    static long bytesOf(long pid) {
        Path proc = Path.of("/proc", Long.toString(pid));
        long pss = kilobytes(proc.resolve("smaps_rollup"), "Pss:");
        return 1024 * (pss >= 0 ? pss : Math.max(0, kilobytes(proc.resolve("status"), "VmRSS:")));
    }

    private static long kilobytes(Path file, String field) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (IOException | SecurityException exitedOrHidden) {
            // The process exited between listing and reading, or /proc hides it: it contributes nothing.
            return -1;
        }
        for (String line : lines) {
            if (line.startsWith(field)) {
                return Long.parseLong(line.substring(field.length()).trim().split("\\s+")[0]);
            }
        }
        return -1;
    }
}
