package io.dormouse.registry.repository;

import java.net.ConnectException;
import java.time.Duration;
import java.util.Set;
import java.util.function.Supplier;

import org.jboss.logging.Logger;

import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.ClosedConnectionException;
import io.vertx.sqlclient.DatabaseException;

/**
 * Tells a database that is not there (refused, connection lost, shutting down or starting up) from a query that
 * failed: the first is an outage a caller waits out (503 {@code database-unavailable}), the second a fault.
 */
public final class DatabaseFailures {
    private static final Logger LOG = Logger.getLogger(DatabaseFailures.class);
    private static final Duration FIRST_RETRY = Duration.ofMillis(500);
    private static final Duration LONGEST_RETRY = Duration.ofSeconds(5);
    /** admin_shutdown, crash_shutdown, cannot_connect_now: PostgreSQL going down or not ready yet. */
    private static final Set<String> UNAVAILABLE_STATES = Set.of("57P01", "57P02", "57P03");
    private static final int MAX_DEPTH = 16;

    private DatabaseFailures() {
    }

    public static boolean unavailable(Throwable failure) {
        Throwable cause = failure;
        for (int depth = 0; cause != null && depth < MAX_DEPTH; depth++, cause = cause.getCause()) {
            if (cause instanceof ConnectException || cause instanceof ClosedConnectionException) {
                return true;
            }
            if (cause instanceof DatabaseException database && UNAVAILABLE_STATES.contains(database.getSqlState())) {
                return true;
            }
        }
        return false;
    }

    /**
     * {@code work}, tried again (0.5 s doubling to 5 s) for as long as the database is unavailable: a consumer that
     * cannot journal a record holds it, unacknowledged and in order, rather than sending it to the dead-letter topic.
     * Each attempt runs on the caller's Vert.x context, which Hibernate Reactive requires.
     */
    public static <T> Uni<T> untilAvailable(String what, Supplier<Uni<T>> work) {
        Context context = Vertx.currentContext();
        Uni<T> attempt = Uni.createFrom().deferred(work::get);
        if (context != null) {
            attempt = attempt.runSubscriptionOn(task -> context.runOnContext(ignored -> task.run()));
        }
        return attempt.onFailure(DatabaseFailures::unavailable)
                .invoke(failure -> LOG.warnf("%s waits for PostgreSQL: %s", what, failure))
                .onFailure(DatabaseFailures::unavailable).retry().withBackOff(FIRST_RETRY, LONGEST_RETRY)
                .indefinitely();
    }
}
