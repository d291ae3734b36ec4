package io.dormouse.systemtest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Memory of a local process from /proc, for the benchmarks' figures. */
final class ProcessMemory {
    private ProcessMemory() {
    }

    static long residentBytes(long pid) {
        return kilobytes(Path.of("/proc", String.valueOf(pid), "status"), "VmRSS:") * 1024;
    }

    /** Proportional set size: pages shared between Chromium's processes are split between them, not counted twice. */
    static long proportionalBytes(long pid) {
        return kilobytes(Path.of("/proc", String.valueOf(pid), "smaps_rollup"), "Pss:") * 1024;
    }

    /** Proportional set size of {@code process} and everything it started. */
    static long treeBytes(ProcessHandle process) {
        return proportionalBytes(process.pid())
                + process.descendants().mapToLong(child -> proportionalBytes(child.pid())).sum();
    }

    /** What a worker's browser holds: its Playwright driver and every Chromium process, not the worker's JVM. */
    static long browserBytesOf(long workerPid) {
        return ProcessHandle.of(workerPid).orElseThrow().descendants()
                .mapToLong(child -> proportionalBytes(child.pid())).sum();
    }

    private static long kilobytes(Path file, String field) {
        try {
            for (String line : Files.readAllLines(file)) {
                if (line.startsWith(field)) {
                    return Long.parseLong(line.substring(field.length()).replace("kB", "").strip());
                }
            }
            return 0;
        } catch (IOException | NumberFormatException e) {
            // The process ended between listing and reading: it holds no memory any more.
            return 0;
        }
    }
}
