package io.dormouse.worker.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;

import org.junit.jupiter.api.Test;

import io.dormouse.protocol.ActionError;
import io.dormouse.worker.browser.ActionException;

class ActivationGateTest {
    @Test
    void aCommandWaitsNoLongerThanItsBudgetAndThenFailsWithTimeout() {
        ActivationGate gate = new ActivationGate(1);
        try (ActivationGate.Turn first = gate.enter(1_000)) {
            long start = System.nanoTime();
            assertThatThrownBy(() -> gate.enter(100)).isInstanceOfSatisfying(ActionException.class,
                    failure -> assertThat(failure.error().code()).isEqualTo(ActionError.TIMEOUT));
            assertThat((System.nanoTime() - start) / 1_000_000).isBetween(90L, 2_000L);
        }
        try (ActivationGate.Turn again = gate.enter(100)) {
            assertThat(gate.waiting()).isZero();
        }
    }

    @Test
    void wakesAreAdmittedInTheOrderTheyArrived() throws Exception {
        ActivationGate gate = new ActivationGate(1);
        List<Integer> admitted = Collections.synchronizedList(new ArrayList<>());
        List<Thread> waiting = new ArrayList<>();
        ActivationGate.Turn held = gate.enter(1_000);
        for (int i = 0; i < 5; i++) {
            int position = i;
            CountDownLatch queued = new CountDownLatch(1);
            waiting.add(Thread.ofVirtual().start(() -> {
                queued.countDown();
                try (ActivationGate.Turn turn = gate.enter(10_000)) {
                    admitted.add(position);
                }
            }));
            queued.await();
            while (gate.waiting() < i + 1) {
                Thread.onSpinWait();
            }
        }
        held.close();
        for (Thread thread : waiting) {
            thread.join();
        }
        assertThat(admitted).containsExactly(0, 1, 2, 3, 4);
    }

    @Test
    void aGateWithoutTurnsIsRefused() {
        assertThatThrownBy(() -> new ActivationGate(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("concurrent-activations");
    }
}
