package io.dormouse.worker.messaging;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.dormouse.protocol.SessionId;
import io.dormouse.worker.browser.SessionContexts;
import io.dormouse.worker.service.WorkerService;
import io.quarkus.runtime.ShutdownEvent;
import io.smallrye.reactive.messaging.kafka.KafkaClientService;

/**
 * Hands every session over before the worker leaves. On shutdown (SIGTERM) it stops fetching commands, lets the
 * commands already taken finish, then checkpoints and closes every live context, all before the Kafka connector closes
 * the consumer and gives the partitions to another worker, which rehydrates the sessions on their next command. This
 * observer runs on {@link ShutdownEvent}, which Quarkus fires before the connectors are terminated.
 */
@ApplicationScoped
public class GracefulDrain {
    private static final Logger LOG = Logger.getLogger(GracefulDrain.class);
    private static final Duration PAUSE_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration IN_FLIGHT_TIMEOUT = Duration.ofSeconds(60);
    static final String REASON = "drain";

    @Inject
    KafkaClientService kafka;

    @Inject
    SessionContexts contexts;

    @Inject
    WorkerService worker;

    @Inject
    CommandDispatcher dispatcher;

    private volatile boolean draining;

    /**
     * While draining, a command that was already fetched still runs, and its session is released right after, so its
     * effect is in the snapshot the next owner restores.
     */
    boolean isDraining() {
        return draining;
    }

    void onShutdown(@Observes ShutdownEvent event) throws InterruptedException {
        draining = true;
        long started = System.nanoTime();
        var consumer = kafka.getConsumer(Channels.SESSION_ACTIONS);
        if (consumer != null) {
            consumer.pause().await().atMost(PAUSE_TIMEOUT);
        }
        if (!dispatcher.awaitIdle(IN_FLIGHT_TIMEOUT)) {
            LOG.warnf("%d commands still queued or running after %s; draining anyway", dispatcher.inFlight(),
                    IN_FLIGHT_TIMEOUT);
        }
        int released = 0;
        for (SessionId id : contexts.liveSessions()) {
            try {
                worker.release(id, REASON);
                released++;
            } catch (RuntimeException e) {
                LOG.errorf(e, "session %s could not be checkpointed during the drain; it will restart from its last"
                        + " snapshot", id);
            }
        }
        LOG.infof("drained %d sessions in %d ms", released, (System.nanoTime() - started) / 1_000_000);
    }
}
