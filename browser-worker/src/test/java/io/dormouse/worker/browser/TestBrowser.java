package io.dormouse.worker.browser;

import java.util.List;
import java.util.Set;

import io.dormouse.worker.config.WorkerConfig;
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
                        "--disable-background-networking", "--disable-component-update", "--disable-sync"),
                null, WorkerConfig.Sandbox.OFF, false));
        return runtime;
    }

    /**
     * The policy the tests expect: the default schemes, link-local and metadata addresses, host {@code blocked.test}
     * and loopback alias 127.0.0.2 denied; 127.0.0.1, where the tests serve their pages, allowed.
     */
    static NavigationPolicy policy() {
        return new NavigationPolicy(new NavigationPolicy.Rules(Set.of("http", "https", "about", "data"),
                List.of("blocked.test"), List.of(), List.of("169.254.0.0/16", "fd00:ec2::254/128", "127.0.0.2/32"),
                false, List.of(), List.of()));
    }

    /** The worker's context beans on one runtime, wired by hand with {@link #policy()}. */
    record Worker(SessionContexts contexts, SessionActivation activation, AuthProbes probes,
            ContextSampling sampling, WarmPool warmPool, NavigationPolicy policy) {
    }

    static Worker worker(BrowserRuntime runtime) {
        SessionContexts contexts = new SessionContexts();
        contexts.runtime = runtime;
        contexts.policy = policy();
        contexts.egressProxy = new EgressProxy(contexts.policy);
        WarmPool warmPool = new WarmPool();
        warmPool.runtime = runtime;
        warmPool.egressProxy = contexts.egressProxy;
        SessionActivation activation = new SessionActivation();
        activation.runtime = runtime;
        activation.contexts = contexts;
        activation.egressProxy = contexts.egressProxy;
        activation.warmPool = warmPool;
        AuthProbes probes = new AuthProbes();
        probes.runtime = runtime;
        probes.contexts = contexts;
        probes.policy = contexts.policy;
        ContextSampling sampling = new ContextSampling();
        sampling.runtime = runtime;
        sampling.contexts = contexts;
        return new Worker(contexts, activation, probes, sampling, warmPool, contexts.policy);
    }
}
