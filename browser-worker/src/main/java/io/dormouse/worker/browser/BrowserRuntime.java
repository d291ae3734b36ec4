package io.dormouse.worker.browser;

import java.nio.file.Paths;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Playwright;

import io.dormouse.worker.config.WorkerConfig;
import io.quarkus.runtime.StartupEvent;

/**
 * Owns the one Chromium of this worker. Playwright for Java is not thread-safe, so every call into it runs on this
 * runtime's single {@code playwright} thread; callers block on {@link #call} from worker threads, never from a Vert.x
 * event loop.
 */
@ApplicationScoped
public class BrowserRuntime {
    private static final Logger LOG = Logger.getLogger(BrowserRuntime.class);
    private static final String THREAD_NAME = "playwright";

    @Inject
    WorkerConfig config;

    private final ExecutorService thread = Executors.newSingleThreadExecutor(task -> {
        Thread t = new Thread(task, THREAD_NAME);
        t.setDaemon(true);
        return t;
    });
    private Playwright playwright;
    private Browser browser;

    void onStart(@Observes StartupEvent start) {
        call(() -> {
            // Playwright would otherwise try to download its own browsers; Dormouse drives the system Chromium.
            playwright = Playwright.create(new Playwright.CreateOptions()
                    .setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
            launch();
            return null;
        });
    }

    private void launch() {
        browser = playwright.chromium().launch(new BrowserType.LaunchOptions()
                .setExecutablePath(Paths.get(config.browser().executablePath()))
                .setHeadless(config.browser().headless())
                .setArgs(config.browser().args()));
        LOG.infof("Chromium %s started from %s", browser.version(), config.browser().executablePath());
    }

    /** Closes Chromium (and every context in it) and starts a fresh one; callers checkpoint sessions first. */
    public void restart() {
        call(() -> {
            browser.close();
            launch();
            return null;
        });
    }

    /**
     * Memory of all Chromium processes under this worker: proportional set size where the kernel reports it (shared
     * pages split between the processes sharing them), else resident set size.
     */
    public long residentBytes() {
        String executable = Paths.get(config.browser().executablePath()).getFileName().toString();
        return ProcessHandle.current().descendants()
                .filter(process -> process.info().command().map(command -> command.contains(executable))
                        .orElse(false))
                .mapToLong(process -> ProcessMemory.bytesOf(process.pid()))
                .sum();
    }

    /** Runs {@code work} on the Playwright thread and waits for it; its exception is rethrown unwrapped. */
    public <T> T call(Callable<T> work) {
        if (Thread.currentThread().getName().equals(THREAD_NAME)) {
            throw new IllegalStateException("BrowserRuntime.call from the Playwright thread would deadlock");
        }
        Future<T> result = thread.submit(work);
        try {
            return result.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the Playwright thread", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    /** The browser; only for code already running on the Playwright thread. */
    Browser browser() {
        return browser;
    }

    public boolean isConnected() {
        return browser != null && browser.isConnected();
    }

    @PreDestroy
    void stop() {
        try {
            call(() -> {
                if (browser != null) {
                    browser.close();
                }
                if (playwright != null) {
                    playwright.close();
                }
                return null;
            });
        } finally {
            thread.shutdown();
        }
    }
}
