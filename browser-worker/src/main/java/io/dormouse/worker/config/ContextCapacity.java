package io.dormouse.worker.config;

import java.lang.management.ManagementFactory;
import java.util.OptionalInt;
import java.util.OptionalLong;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.quarkus.runtime.Startup;

/**
 * How many live contexts this worker holds at most: the configured number, or as many as its memory budget holds at
 * the planned memory per context, between {@value #MIN} and {@value #MAX}. The budget is the browser's memory limit
 * when one is set; else the machine's memory (a container's limit, as the JVM reads it) less
 * {@value #RESERVE_MB} MB for the worker and the browser process, shared by the workers on the machine.
 */
@ApplicationScoped
@Startup
public class ContextCapacity {
    private static final Logger LOG = Logger.getLogger(ContextCapacity.class);
    static final int MIN = 2;
    static final int MAX = 32;
    static final long RESERVE_MB = 1024;

    private final int maxContexts;

    @Inject
    public ContextCapacity(WorkerConfig config) {
        long machine = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getTotalMemorySize();
        this.maxContexts = of(config, machine);
        LOG.infof("holding at most %d live contexts (%s)", maxContexts, config.maxContexts().isPresent()
                ? "dormouse.worker.max-contexts"
                : "memory: " + (budget(limitOf(config), config.workersOnHost(), machine) >> 20) + " MB at "
                        + (config.memoryPerContext().asLongValue() >> 20) + " MB per context");
    }

    public int maxContexts() {
        return maxContexts;
    }

    static int of(WorkerConfig config, long machineBytes) {
        return fit(config.maxContexts(), limitOf(config), config.memoryPerContext().asLongValue(),
                config.workersOnHost(), machineBytes);
    }

    /** The rule itself, apart from where its inputs come from. */
    static int fit(OptionalInt configured, OptionalLong browserLimitBytes, long perContextBytes, int workersOnHost,
            long machineBytes) {
        if (configured.isPresent()) {
            if (configured.getAsInt() < 1) {
                throw new IllegalArgumentException("dormouse.worker.max-contexts (MAX_CONTEXTS_PER_WORKER) is "
                        + configured.getAsInt() + "; a worker needs room for at least one context, or leave it empty"
                        + " to size it from memory");
            }
            return configured.getAsInt();
        }
        long fits = budget(browserLimitBytes, workersOnHost, machineBytes) / Math.max(1, perContextBytes);
        return (int) Math.clamp(fits, MIN, MAX);
    }

    private static OptionalLong limitOf(WorkerConfig config) {
        return config.browser().memoryLimit().map(limit -> OptionalLong.of(limit.asLongValue()))
                .orElse(OptionalLong.empty());
    }

    private static long budget(OptionalLong browserLimitBytes, int workersOnHost, long machineBytes) {
        return browserLimitBytes.orElseGet(() -> Math.max(0, machineBytes - (RESERVE_MB << 20))
                / Math.max(1, workersOnHost));
    }
}
