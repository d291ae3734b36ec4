package io.dormouse.registry.service;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.dormouse.registry.repository.SessionRepository;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;

/**
 * Live sessions counted by state and hibernation tier, across tenants: for operators' overview and, as the gauge
 * {@code dormouse_sessions{state,tier}}, for Prometheus, recounted every {@code dormouse.registry.census-interval}.
 */
@ApplicationScoped
public class SessionCensus {
    private static final Logger LOG = Logger.getLogger(SessionCensus.class);

    /** The count at {@code countedAt}; {@code byStateAndTier} maps a state to its tiers' counts. */
    public record Census(Instant countedAt, long total, Map<String, Long> byState, Map<String, Long> byTier,
            Map<String, Map<String, Long>> byStateAndTier) {
        static Census of(List<Object[]> rows) {
            Map<String, Long> byState = new TreeMap<>();
            Map<String, Long> byTier = new TreeMap<>();
            Map<String, Map<String, Long>> byStateAndTier = new TreeMap<>();
            long total = 0;
            for (Object[] row : rows) {
                String state = String.valueOf(row[0]);
                String tier = String.valueOf(row[1]);
                long count = ((Number) row[2]).longValue();
                byState.merge(state, count, Long::sum);
                byTier.merge(tier, count, Long::sum);
                byStateAndTier.computeIfAbsent(state, key -> new TreeMap<>()).put(tier, count);
                total += count;
            }
            return new Census(Instant.now(), total, byState, byTier, byStateAndTier);
        }
    }

    @Inject
    SessionRepository sessions;

    @Inject
    MeterRegistry meters;

    private final Map<String, AtomicLong> gauges = new ConcurrentHashMap<>();

    public Uni<Census> take() {
        return Panache.withSession(() -> sessions.census()).map(Census::of);
    }

    @Scheduled(every = "${dormouse.registry.census-interval}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP, skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    Uni<Void> publishGauges() {
        return take().invoke(census -> {
            // A combination that emptied reads 0 rather than keeping its last count.
            gauges.values().forEach(gauge -> gauge.set(0));
            census.byStateAndTier().forEach((state, tiers) -> tiers.forEach((tier, count) -> gauges
                    .computeIfAbsent(state + "/" + tier, key -> meters.gauge("dormouse.sessions",
                            Tags.of("state", state, "tier", tier), new AtomicLong()))
                    .set(count)));
        }).onFailure().invoke(failure -> LOG.warnf("session census failed, the next round retries: %s",
                failure.toString()))
                .onFailure().recoverWithNull().replaceWithVoid();
    }
}
