package io.dormouse.worker.browser;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.PlaywrightException;

import io.dormouse.protocol.ProtocolJson;
import io.dormouse.worker.config.WorkerConfig;
import io.dormouse.worker.policy.NavigationPolicy;
import io.quarkus.runtime.StartupEvent;

/**
 * Owns the one Chromium of this worker. Playwright for Java is not thread-safe, so every call into it runs on this
 * runtime's single {@code playwright} thread; callers block on {@link #call} from command threads, never from a Vert.x
 * event loop.
 * <p>
 * Sessions share that thread, so no step may hold it for long: a call that waits inside Playwright (a
 * {@code waitForSelector} of ten seconds) would stall every other session behind it. Waits are therefore
 * {@linkplain #poll polls}: a check that answers at once, rescheduled every {@value #POLL_INTERVAL_MILLIS} ms until it
 * succeeds or the deadline passes, with other sessions' steps running in between. What still blocks the thread is the
 * browser's own work for one step: a navigation until the server's first byte, a screenshot, a script.
 */
@ApplicationScoped
public class BrowserRuntime {
    private static final Logger LOG = Logger.getLogger(BrowserRuntime.class);
    private static final String THREAD_NAME = "playwright";
    /** Chromium's flag for its DevTools port; one the operator set in the browser's arguments is kept. */
    private static final String DEBUGGING_PORT = "--remote-debugging-port=";

    @Inject
    WorkerConfig config;

    @Inject
    NavigationPolicy policy;

    static final long POLL_INTERVAL_MILLIS = 20;

    private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread t = new Thread(task, THREAD_NAME);
        t.setDaemon(true);
        return t;
    });
    private Playwright playwright;
    private Browser browser;

    private LaunchSettings launchSettings;
    private BrowserConfinement.Launch confinement;
    private boolean sandboxed;
    private int generation;
    private volatile DevTools devTools;

    /**
     * Chromium's own DevTools endpoint on loopback, opened only for the CDP gateway: {@code browserUrl} is the
     * browser-level WebSocket. Pages can never reach its port (it is one of the stack's endpoints).
     */
    public record DevTools(int port, String browserUrl) {
    }

    /**
     * What Chromium is started from and with. {@code runAs}: the account Chromium runs as when the worker is root (none:
     * as root, without a sandbox); {@code sandbox}: whether to use Chromium's sandbox.
     */
    record LaunchSettings(String executablePath, boolean headless, List<String> args, String runAs,
            WorkerConfig.Sandbox sandbox, boolean devToolsPort) {
    }

    void onStart(@Observes StartupEvent start) {
        start(new LaunchSettings(config.browser().executablePath(), config.browser().headless(),
                config.browser().args(), config.browser().runAs().orElse(null), config.browser().sandbox(),
                config.gateway().token().isPresent()));
    }

    /** Starts Playwright and Chromium; called once, at start-up (and directly by tests that run without CDI). */
    void start(LaunchSettings settings) {
        launchSettings = settings;
        confinement = BrowserConfinement.prepare(Paths.get(settings.executablePath()), settings.runAs());
        call(() -> {
            // Playwright would otherwise try to download its own browsers; Dormouse drives the system Chromium.
            playwright = Playwright.create(new Playwright.CreateOptions()
                    .setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
            launch();
            return null;
        });
    }

    /**
     * Starts Chromium confined (scrubbed environment, unprivileged account when the worker is root) and, where the
     * platform allows, sandboxed: a root browser cannot be, nor one that was told {@code --no-sandbox}; in {@code auto}
     * mode a platform without user namespaces gets a browser without the sandbox and a warning.
     */
    private void launch() {
        WorkerConfig.Sandbox mode = launchSettings.sandbox();
        boolean canSandbox = mode != WorkerConfig.Sandbox.OFF
                && !launchSettings.args().contains(BrowserConfinement.NO_SANDBOX)
                && (confinement.account() != null || !BrowserConfinement.isRoot());
        if (mode == WorkerConfig.Sandbox.ON && !canSandbox) {
            throw new IllegalStateException("dormouse.worker.browser.sandbox=on, but Chromium would run as root or"
                    + " with --no-sandbox; set dormouse.worker.browser.run-as or drop --no-sandbox");
        }
        if (canSandbox) {
            try {
                browser = launchWith(true);
            } catch (PlaywrightException e) {
                if (mode == WorkerConfig.Sandbox.ON) {
                    throw e;
                }
                LOG.warnf("Chromium's sandbox is not available here (%s); running it without",
                        ActionFailures.firstLine(e));
                browser = launchWith(false);
            }
        } else {
            browser = launchWith(false);
        }
        LOG.infof("Chromium %s started from %s as %s, sandbox %s, environment scrubbed", browser.version(),
                launchSettings.executablePath(),
                confinement.account() == null ? "this worker's user" : confinement.account().name(),
                sandboxed ? "on" : "OFF");
    }

    private Browser launchWith(boolean sandbox) {
        List<String> args = new ArrayList<>(BrowserConfinement.withSandbox(launchSettings.args(), sandbox));
        int port = args.stream().filter(arg -> arg.startsWith(DEBUGGING_PORT)).findFirst()
                .map(arg -> Integer.parseInt(arg.substring(DEBUGGING_PORT.length()))).orElse(0);
        if (launchSettings.devToolsPort() && port == 0) {
            port = freeLoopbackPort();
            args.add("--remote-debugging-address=127.0.0.1");
            args.add(DEBUGGING_PORT + port);
        }
        // Refused to pages before Chromium opens it: its /json listing names every tenant's targets.
        if (port != 0 && policy != null) {
            policy.addStackEndpoint("127.0.0.1", port);
            policy.addStackEndpoint("localhost", port);
        }
        Browser launched = playwright.chromium().launch(new BrowserType.LaunchOptions()
                .setExecutablePath(confinement.executable())
                .setEnv(confinement.environment())
                .setHeadless(launchSettings.headless())
                // Playwright adds --no-sandbox itself unless told the sandbox is wanted.
                .setChromiumSandbox(sandbox)
                .setArgs(args));
        sandboxed = sandbox;
        devTools = port == 0 || !launchSettings.devToolsPort() ? null : new DevTools(port, browserUrl(port));
        return launched;
    }

    private static int freeLoopbackPort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("no free loopback port for Chromium's DevTools endpoint", e);
        }
    }

    /** The browser-level WebSocket Chromium names at {@code /json/version} once its DevTools server is up. */
    private static String browserUrl(int port) {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/json/version"))
                .timeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (true) {
            try {
                String body = client.send(request, HttpResponse.BodyHandlers.ofString()).body();
                return ProtocolJson.mapper().readTree(body).path("webSocketDebuggerUrl").asText();
            } catch (IOException e) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("Chromium's DevTools endpoint on port " + port
                            + " did not answer", e);
                }
                try {
                    Thread.sleep(50);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while waiting for Chromium's DevTools endpoint",
                            interrupted);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for Chromium's DevTools endpoint", e);
            }
        }
    }

    /** Chromium's DevTools endpoint, empty when the gateway is off; it changes when the browser restarts. */
    public Optional<DevTools> devTools() {
        return Optional.ofNullable(devTools);
    }

    /** Whether Chromium runs with its sandbox. */
    public boolean sandboxed() {
        return sandboxed;
    }

    /** Closes Chromium (and every context in it) and starts a fresh one; callers checkpoint sessions first. */
    public void restart() {
        call(() -> {
            browser.close();
            launch();
            generation++;
            return null;
        });
    }

    /** Counts browser restarts; contexts made under an older generation are gone. Playwright thread only. */
    int generation() {
        return generation;
    }

    /**
     * Memory of all Chromium processes under this worker: proportional set size where the kernel reports it (shared
     * pages split between the processes sharing them), else resident set size.
     */
    public long residentBytes() {
        String executable = Paths.get(launchSettings.executablePath()).getFileName().toString();
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
        return await(thread.submit(work));
    }

    private static <T> T await(Future<T> result) {
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

    /**
     * Runs {@code check} on the Playwright thread until it returns a value or {@code timeoutMillis} pass, letting other
     * work run between attempts; returns the value, or throws what {@code onTimeout} supplies. {@code check} must not
     * wait inside Playwright.
     */
    public <T> T poll(Callable<Optional<T>> check, double timeoutMillis, Supplier<RuntimeException> onTimeout) {
        if (Thread.currentThread().getName().equals(THREAD_NAME)) {
            throw new IllegalStateException("BrowserRuntime.poll from the Playwright thread would deadlock");
        }
        long deadline = System.nanoTime() + (long) (timeoutMillis * 1_000_000);
        CompletableFuture<T> result = new CompletableFuture<>();
        Runnable attempt = new Runnable() {
            @Override
            public void run() {
                try {
                    Optional<T> value = check.call();
                    if (value.isPresent()) {
                        result.complete(value.get());
                    } else if (System.nanoTime() >= deadline) {
                        result.completeExceptionally(onTimeout.get());
                    } else {
                        thread.schedule(this, POLL_INTERVAL_MILLIS, TimeUnit.MILLISECONDS);
                    }
                } catch (Throwable e) {
                    result.completeExceptionally(e);
                }
            }
        };
        thread.execute(attempt);
        return await(result);
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
