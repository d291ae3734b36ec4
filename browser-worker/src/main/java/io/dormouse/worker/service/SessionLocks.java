package io.dormouse.worker.service;

import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;

import io.dormouse.protocol.SessionId;

/**
 * Serializes everything done to one session (its commands, an idle or drain hibernation, a revocation) while other
 * sessions proceed. Striped, so memory stays bounded however many sessions pass through.
 */
@ApplicationScoped
public class SessionLocks {
    private static final int STRIPES = 256;

    private final ReentrantLock[] stripes = new ReentrantLock[STRIPES];

    public SessionLocks() {
        for (int i = 0; i < STRIPES; i++) {
            stripes[i] = new ReentrantLock();
        }
    }

    public <T> T withLock(SessionId id, Supplier<T> work) {
        ReentrantLock lock = stripes[Math.floorMod(id.hashCode(), STRIPES)];
        lock.lock();
        try {
            return work.get();
        } finally {
            lock.unlock();
        }
    }

    /** Excludes every session's work, e.g. while the browser restarts under them. Stripes are taken in order. */
    public void withAllLocks(Runnable work) {
        int taken = 0;
        try {
            for (; taken < STRIPES; taken++) {
                stripes[taken].lock();
            }
            work.run();
        } finally {
            for (int i = taken - 1; i >= 0; i--) {
                stripes[i].unlock();
            }
        }
    }
}
