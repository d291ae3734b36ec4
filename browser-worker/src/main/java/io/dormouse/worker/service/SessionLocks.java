package io.dormouse.worker.service;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
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

    /**
     * Like {@link #withLock}, but gives up after {@code wait}: for work on a second session while one is held, where
     * waiting without bound could deadlock against another thread doing the reverse.
     */
    public <T> Optional<T> tryWithLock(SessionId id, Duration wait, Supplier<T> work) throws InterruptedException {
        ReentrantLock lock = stripes[Math.floorMod(id.hashCode(), STRIPES)];
        if (!lock.tryLock(wait.toMillis(), TimeUnit.MILLISECONDS)) {
            return Optional.empty();
        }
        try {
            return Optional.ofNullable(work.get());
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
