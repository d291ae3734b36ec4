package io.dormouse.worker.service;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.dormouse.protocol.WorkerId;
import io.dormouse.worker.config.WorkerConfig;

/** This process's worker id, fixed for its lifetime. */
@ApplicationScoped
public class WorkerIdentity {
    private final WorkerId id;

    @Inject
    public WorkerIdentity(WorkerConfig config) {
        this.id = config.id().map(WorkerId::of).orElseGet(WorkerId::random);
    }

    public WorkerId id() {
        return id;
    }
}
