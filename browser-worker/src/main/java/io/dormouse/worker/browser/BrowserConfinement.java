package io.dormouse.worker.browser;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * How Chromium is started so that a page that got past the navigation policy still could not read the stack's
 * secrets: with an environment scrubbed of everything but what a browser needs (no tokens, keys or URLs), and, when
 * the worker runs as root, as an unprivileged user (by default {@code nobody}) that cannot read the operator's
 * 0600 secret files nor other processes' {@code /proc/<pid>/environ}. With that user Chromium's own sandbox can run
 * too, which a root browser refuses.
 */
final class BrowserConfinement {
    /** Variables a browser may keep; everything else (tokens, keys, database URLs) is dropped. */
    private static final List<String> KEPT_VARIABLES = List.of("LANG", "LC_ALL", "LC_CTYPE", "TZ", "FONTCONFIG_PATH",
            "FONTCONFIG_FILE");
    private static final String PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
    static final String NO_SANDBOX = "--no-sandbox";

    /** An unprivileged account to start Chromium as. */
    record Account(String name, int uid, int gid) {
    }

    /** What Playwright is asked to start: the executable (possibly a wrapper), its environment, and the account. */
    record Launch(Path executable, Map<String, String> environment, Account account) {
    }

    private BrowserConfinement() {
    }

    /** The environment Chromium starts with: the variables it needs from {@code current}, nothing else. */
    static Map<String, String> scrubbedEnvironment(Map<String, String> current) {
        Map<String, String> environment = new LinkedHashMap<>();
        environment.put("PATH", PATH);
        environment.put("HOME", "/nonexistent");
        for (String name : KEPT_VARIABLES) {
            if (current.containsKey(name)) {
                environment.put(name, current.get(name));
            }
        }
        return environment;
    }

    /**
     * Prepares the launch: when this process is root and {@code runAs} names an account, a wrapper script (in a fresh
     * directory only root can read) hands Playwright's profile directory to that account and starts Chromium as it.
     */
    static Launch prepare(Path chromium, String runAs) {
        Map<String, String> environment = scrubbedEnvironment(System.getenv());
        if (!isRoot() || runAs == null || runAs.isBlank() || runAs.strip().equals("root")) {
            return new Launch(chromium, environment, null);
        }
        Account account = lookUp(runAs.strip());
        try {
            Path directory = Files.createTempDirectory("dormouse-browser-",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            Path wrapper = directory.resolve("chromium");
            Files.writeString(wrapper, wrapperScript(chromium, account), StandardCharsets.UTF_8);
            Files.setPosixFilePermissions(wrapper, PosixFilePermissions.fromString("rwx------"));
            wrapper.toFile().deleteOnExit();
            directory.toFile().deleteOnExit();
            return new Launch(wrapper, environment, account);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the browser's launch wrapper", e);
        }
    }

    /** Drops {@code --no-sandbox} unless the browser must run without its sandbox. */
    static List<String> withSandbox(List<String> args, boolean sandbox) {
        List<String> out = new ArrayList<>(args.stream().filter(arg -> !arg.equals(NO_SANDBOX)).toList());
        if (!sandbox) {
            out.add(NO_SANDBOX);
        }
        return out;
    }

    static boolean isRoot() {
        try {
            return ((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid")) == 0;
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }

    private static String wrapperScript(Path chromium, Account account) {
        String owner = account.uid() + ":" + account.gid();
        return """
                #!/bin/sh
                # Written by the Dormouse worker at start-up: Chromium runs as %1$s, never as root, so it cannot read
                # root's secret files or other processes' environments even if a page reached a local URL.
                for arg do
                  case "$arg" in
                    --user-data-dir=*) dir="${arg#--user-data-dir=}"; chown -R %2$s "$dir"; HOME="$dir"; export HOME ;;
                  esac
                done
                exec setpriv --reuid=%3$d --regid=%4$d --clear-groups --inh-caps=-all -- '%5$s' "$@"
                """.formatted(account.name(), owner, account.uid(), account.gid(),
                chromium.toString().replace("'", "'\\''"));
    }

    private static Account lookUp(String name) {
        return new Account(name, id(name, "-u"), id(name, "-g"));
    }

    private static int id(String name, String flag) {
        try {
            Process process = new ProcessBuilder("id", flag, name).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (!process.waitFor(10, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException("no account '" + name + "' to run Chromium as"
                        + " (dormouse.worker.browser.run-as): " + output);
            }
            return Integer.parseInt(output);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot look up account '" + name + "'", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while looking up account '" + name + "'", e);
        }
    }
}
