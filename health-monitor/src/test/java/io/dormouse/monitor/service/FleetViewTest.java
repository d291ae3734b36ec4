package io.dormouse.monitor.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.dormouse.protocol.ContextMetrics;
import io.dormouse.protocol.DormouseEvent;
import io.dormouse.protocol.SessionId;
import io.dormouse.protocol.WorkerHeartbeat;
import io.dormouse.protocol.WorkerId;

class FleetViewTest {
    private static final Instant NOW = Instant.parse("2026-11-21T12:00:00Z");
    private static final WorkerId WORKER = WorkerId.of("worker-a");

    private final FleetView fleet = new FleetView(Clock.fixed(NOW, ZoneOffset.UTC));

    @Test
    void aWorkerIsAliveUntilItMissesThreeHeartbeats() {
        fleet.record(heartbeat(WORKER, NOW.minus(Duration.ofMillis(14_999)), 4));
        assertThat(fleet.workers()).singleElement().satisfies(w -> {
            assertThat(w.alive()).isTrue();
            assertThat(w.activeContexts()).isEqualTo(4);
            assertThat(w.capacity()).isEqualTo(8);
            assertThat(w.browserMemoryBytes()).isEqualTo(250_000_000L);
        });

        fleet.record(heartbeat(WorkerId.of("worker-b"), NOW.minusSeconds(15), 0));
        assertThat(fleet.workers()).filteredOn(w -> w.workerId().equals("worker-b"))
                .singleElement().satisfies(w -> assertThat(w.alive()).isFalse());
    }

    @Test
    void aSilentWorkerIsReportedLostOnceUntilItIsHeardFromAgain() {
        fleet.record(heartbeat(WORKER, NOW.minusSeconds(1), 2));
        fleet.record(heartbeat(WorkerId.of("worker-b"), NOW.minusSeconds(20), 3));

        assertThat(fleet.newlyLost()).extracting(WorkerHeartbeat::workerId).containsExactly(WorkerId.of("worker-b"));
        assertThat(fleet.newlyLost()).isEmpty();

        fleet.record(heartbeat(WorkerId.of("worker-b"), NOW.minusSeconds(16), 3));
        assertThat(fleet.newlyLost()).as("still silent, a newer but old heartbeat is a new silence")
                .extracting(WorkerHeartbeat::workerId).containsExactly(WorkerId.of("worker-b"));
    }

    @Test
    void aClosedContextsSampleGoesButOneTakenSinceStays() {
        SessionId session = SessionId.random();
        fleet.record(sample(session, NOW.minusSeconds(10)));
        fleet.contextClosed(session, NOW.minusSeconds(5));
        assertThat(fleet.sessionMetrics(session)).isEmpty();

        fleet.record(sample(session, NOW.minusSeconds(2)));
        fleet.contextClosed(session, NOW.minusSeconds(5));
        assertThat(fleet.sessionMetrics(session)).as("a late report of the old closing keeps the new context's sample")
                .isPresent();
    }

    private static ContextMetrics sample(SessionId session, Instant at) {
        return new ContextMetrics(UUID.randomUUID(), session, at, ContextMetrics.SCHEMA_VERSION, WORKER, 1, 1, 0, 0,
                0, at, null);
    }

    @Test
    void aLateOlderHeartbeatDoesNotRollTheViewBack() {
        fleet.record(heartbeat(WORKER, NOW.minusSeconds(1), 0));
        fleet.record(heartbeat(WORKER, NOW.minusSeconds(4), 7));

        assertThat(fleet.workers()).singleElement().satisfies(w -> {
            assertThat(w.activeContexts()).isZero();
            assertThat(w.lastHeartbeatAt()).isEqualTo(NOW.minusSeconds(1));
        });
    }

    private static WorkerHeartbeat heartbeat(WorkerId worker, Instant at, int activeContexts) {
        return new WorkerHeartbeat(UUID.randomUUID(), worker, at, DormouseEvent.SCHEMA_VERSION, activeContexts, 8,
                5_000, 250_000_000L, null);
    }
}
