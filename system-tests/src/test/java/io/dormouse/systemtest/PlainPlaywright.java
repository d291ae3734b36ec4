package io.dormouse.systemtest;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Map;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Playwright;

/** The benchmarks' baseline: plain in-process Playwright on the same Chromium build, with the worker's launch flags. */
final class PlainPlaywright implements AutoCloseable {
    /** The Chromium the worker runs. */
    static final Path CHROMIUM = Paths.get(System.getenv().getOrDefault("CHROMIUM_PATH", "/usr/bin/chromium"));
    /** The worker's launch flags. */
    static final List<String> FLAGS = List.of("--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync");

    final Playwright playwright = Playwright.create(new Playwright.CreateOptions()
            .setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
    final Browser browser = playwright.chromium().launch(new BrowserType.LaunchOptions()
            .setExecutablePath(CHROMIUM).setArgs(FLAGS));

    /**
     * What this browser holds: the proportional set size of the Playwright driver this JVM started and of every
     * Chromium process under it. The stack's services are children of this JVM too; only the driver runs
     * {@code run-driver}.
     */
    long browserBytes() {
        return ProcessHandle.current().children()
                .filter(child -> child.info().commandLine().orElse("").contains("run-driver"))
                .mapToLong(ProcessMemory::treeBytes).sum();
    }

    @Override
    public void close() {
        browser.close();
        playwright.close();
    }
}
