package io.dormouse.worker.browser;

import java.util.List;

import io.dormouse.worker.policy.EgressProxy;
import io.dormouse.worker.policy.NavigationPolicy;

/** A real Chromium and the worker's context registry around it, wired by hand for tests that run without CDI. */
final class TestBrowser {
    private TestBrowser() {
    }

    static BrowserRuntime startRuntime() {
        BrowserRuntime runtime = new BrowserRuntime();
        runtime.start(new BrowserRuntime.LaunchSettings(
                System.getenv().getOrDefault("CHROMIUM_PATH", "/usr/bin/chromium"), true,
                List.of("--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                        "--disable-background-networking", "--disable-component-update", "--disable-sync")));
        return runtime;
    }

    /**
     * Contexts on {@code runtime} with the policy the tests expect: the default blocked schemes and link-local and
     * metadata addresses, plus host {@code blocked.test} and loopback alias 127.0.0.2.
     */
    static SessionContexts contexts(BrowserRuntime runtime) {
        SessionContexts contexts = new SessionContexts();
        contexts.runtime = runtime;
        contexts.policy = new NavigationPolicy(List.of("file", "chrome", "view-source"), List.of("blocked.test"),
                List.of(), List.of("169.254.0.0/16", "fd00:ec2::254/128", "127.0.0.2/32"), List.of());
        contexts.egressProxy = new EgressProxy(contexts.policy);
        contexts.warmPool = new WarmPool();
        contexts.warmPool.runtime = runtime;
        contexts.warmPool.egressProxy = contexts.egressProxy;
        return contexts;
    }
}
