package io.dormouse.worker.service;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.dormouse.protocol.AuthProbed;
import io.dormouse.worker.browser.AuthProbes;
import io.dormouse.worker.config.WorkerConfig;

/**
 * Runs the profiles' auth probes that are due on this worker's live sessions, each under its session's lock so a probe
 * never interleaves with a command or a hibernation; a session busy with one is probed on a later pass.
 */
@ApplicationScoped
public class AuthProbing {
    @Inject
    AuthProbes probes;

    @Inject
    SessionLocks locks;

    @Inject
    WorkerIdentity identity;

    @Inject
    WorkerConfig config;

    public List<AuthProbed> runDue() throws InterruptedException {
        List<AuthProbed> results = new ArrayList<>();
        for (AuthProbes.DueProbe due : probes.dueAuthProbes()) {
            Optional<AuthProbes.ProbeVerdict> verdict = locks.tryWithLock(due.sessionId(), Duration.ZERO,
                    () -> probes.probeAuth(due.sessionId(), due.probe(), config.authProbeTimeout().toMillis())
                            .orElse(null));
            verdict.ifPresent(found -> results.add(found.passed()
                    ? AuthProbed.passed(due.sessionId(), identity.id(), found.url(), due.trigger())
                    : AuthProbed.failed(due.sessionId(), identity.id(), found.failedCheck(), found.detail(),
                            found.url(), due.trigger())));
        }
        return results;
    }
}
