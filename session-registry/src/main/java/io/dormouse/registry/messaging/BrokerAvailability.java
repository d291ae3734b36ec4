package io.dormouse.registry.messaging;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.jboss.logging.Logger;

import io.dormouse.registry.config.RegistryConfig;
import io.dormouse.registry.service.SessionException;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;

/**
 * Whether the Kafka cluster answers, asked every second with the admin client. While it does not, a command that needs
 * the broker is refused at once with {@code broker-unavailable} (and is not journaled), rather than journaled and left
 * to wait out the caller's timeout behind a producer that cannot deliver it.
 */
@ApplicationScoped
public class BrokerAvailability {
    private static final Logger LOG = Logger.getLogger(BrokerAvailability.class);

    @Inject
    KafkaAccess kafka;

    @Inject
    RegistryConfig config;

    /** Optimistic until the first probe: start-up is gated by readiness, not by this. */
    private volatile boolean available = true;
    private volatile Instant unavailableSince;
    private volatile String lastFailure = "";

    /** Fails with {@code broker-unavailable} while the last probe found no broker. */
    public Uni<Void> require() {
        if (available) {
            return Uni.createFrom().voidItem();
        }
        return Uni.createFrom().failure(unavailable("the Kafka broker has not answered since " + unavailableSince
                + " (" + lastFailure + "); nothing was sent or journaled: try again once it is back"));
    }

    public boolean available() {
        return available;
    }

    /** The failure a caller sees for a command the broker did not take within {@code waited}. */
    public SessionException notAcknowledged(String commandId, Duration waited) {
        return new SessionException(SessionException.Kind.BROKER_UNAVAILABLE, "the Kafka broker did not acknowledge "
                + "command " + commandId + " within " + waited.toMillis() + " ms; it is journaled and goes out if "
                + "the broker takes it: look it up later by its command id", commandId);
    }

    @Scheduled(every = "${dormouse.registry.broker.probe-interval}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP, skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void probe() {
        long timeout = config.broker().probeTimeout().toMillis();
        try {
            kafka.admin().describeCluster(new DescribeClusterOptions().timeoutMs((int) timeout)).nodes()
                    .get(timeout + 500, TimeUnit.MILLISECONDS);
            if (!available) {
                LOG.infof("the Kafka broker answers again (down since %s): commands are accepted", unavailableSince);
            }
            available = true;
        } catch (ExecutionException | TimeoutException e) {
            lastFailure = e.getCause() != null ? e.getCause().getClass().getSimpleName() : e.getClass().getSimpleName();
            if (available) {
                unavailableSince = Instant.now();
                LOG.warnf("the Kafka broker does not answer (%s): commands are refused with broker-unavailable "
                        + "until it does", lastFailure);
            }
            available = false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static SessionException unavailable(String message) {
        return new SessionException(SessionException.Kind.BROKER_UNAVAILABLE, message);
    }
}
