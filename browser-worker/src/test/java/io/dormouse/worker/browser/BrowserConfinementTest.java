package io.dormouse.worker.browser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;

import io.dormouse.worker.config.WorkerConfig;

/**
 * The browser as the last line: even a page that reached a local URL behind the policy's back (here, Playwright is
 * told to open it directly) finds no secret in its environment and, with a root worker, cannot read root's files.
 */
class BrowserConfinementTest {
    private static BrowserRuntime runtime;
    private static Path secret;

    @BeforeAll
    static void start() throws IOException {
        secret = Files.createTempFile("dormouse-secret-", ".txt",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(secret, "the-store-token");
        runtime = new BrowserRuntime();
        runtime.start(new BrowserRuntime.LaunchSettings(
                System.getenv().getOrDefault("CHROMIUM_PATH", "/usr/bin/chromium"), true,
                List.of("--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                        "--disable-component-update", "--disable-sync"),
                "nobody", WorkerConfig.Sandbox.AUTO, false));
    }

    @AfterAll
    static void stop() throws IOException {
        runtime.stop();
        Files.deleteIfExists(secret);
    }

    @Test
    void theBrowsersEnvironmentHoldsNoneOfTheWorkersVariables() throws IOException {
        // The browser process itself: its children (zygote, renderers) write their titles over their environment.
        List<ProcessHandle> browsers = ProcessHandle.current().descendants()
                .filter(process -> isChromium(process) && process.parent().filter(this::isChromium).isEmpty())
                .toList();
        assertThat(browsers).isNotEmpty();
        for (ProcessHandle browser : browsers) {
            String environment = Files.readString(Path.of("/proc", String.valueOf(browser.pid()), "environ"))
                    .replace('\0', '\n');
            assertThat(environment).contains("PATH=");
            // ./dormouse test gives the test JVM these, as ./dormouse up gives a worker its tokens and URLs.
            for (String variable : System.getenv().keySet()) {
                if (variable.startsWith("DORMOUSE_") || variable.startsWith("KAFKA_")
                        || variable.startsWith("QUARKUS_")) {
                    assertThat(environment).as(variable).doesNotContain(variable + "=");
                }
            }
            if (BrowserConfinement.isRoot()) {
                assertThat(Files.getAttribute(Path.of("/proc", String.valueOf(browser.pid())), "unix:uid"))
                        .as("a root worker's browser runs as another user").isNotEqualTo(0);
            }
            if (runtime.sandboxed()) {
                assertThat(Files.readString(Path.of("/proc", String.valueOf(browser.pid()), "cmdline")))
                        .as("the sandbox the runtime reports is the one Chromium runs with")
                        .doesNotContain(BrowserConfinement.NO_SANDBOX);
            }
        }
    }

    @Test
    void aRootWorkersBrowserCannotReadRootsSecretsAndRunsSandboxed() {
        Assumptions.assumeTrue(BrowserConfinement.isRoot(), "only a root worker drops the browser to another user");
        Throwable refused = catchThrowable(() -> read(secret.toUri().toString()));
        assertThat(refused).isNotNull().hasMessageContaining("ERR_ACCESS_DENIED");
        long javaPid = ProcessHandle.current().pid();
        assertThat(catchThrowable(() -> read("file:///proc/" + javaPid + "/environ"))).isNotNull();
        assertThat(runtime.sandboxed()).isTrue();
    }

    private boolean isChromium(ProcessHandle process) {
        return process.info().command().orElse("").contains("chromium");
    }

    private static String read(String url) {
        return runtime.call(() -> {
            BrowserContext context = runtime.browser().newContext();
            try {
                Page page = context.newPage();
                page.navigate(url);
                return (String) page.evaluate("() => document.body.innerText");
            } finally {
                context.close();
            }
        });
    }
}
