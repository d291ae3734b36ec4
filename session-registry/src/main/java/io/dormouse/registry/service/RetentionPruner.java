package io.dormouse.registry.service;

import java.time.Instant;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.dormouse.protocol.SessionId;
import io.dormouse.registry.config.RegistryConfig;
import io.dormouse.registry.repository.SessionRepository;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/**
 * Applies the retention rules on a schedule: each session a rule selects is deleted like a client's delete (its
 * snapshots go too), journaled and announced as {@code SessionDeleted} with reason {@code retention}.
 */
@ApplicationScoped
public class RetentionPruner {
    private static final Logger LOG = Logger.getLogger(RetentionPruner.class);
    private static final int BATCH = 500;

    @Inject
    RegistryConfig config;

    @Inject
    SessionRepository sessions;

    @Inject
    SessionService service;

    private List<RetentionRule> rules;

    List<RetentionRule> rules() {
        if (rules == null) {
            rules = config.retention().rules().orElse(List.of()).stream().map(RetentionRule::parse).toList();
        }
        return rules;
    }

    @Scheduled(every = "${dormouse.registry.retention.interval}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> prune() {
        return Multi.createFrom().iterable(rules())
                .onItem().transformToUniAndConcatenate(this::apply)
                .collect().last()
                .onFailure().invoke(failure -> LOG.warnf("retention round failed, the next one retries: %s",
                        failure.getMessage()))
                .onFailure().recoverWithNull().replaceWithVoid();
    }

    private Uni<Void> apply(RetentionRule rule) {
        Instant cutoff = Instant.now().minus(rule.idle());
        return Panache.withSession(() -> sessions.idleSince(cutoff, rule.tag(), rule.profile(), BATCH))
                .chain(selected -> Multi.createFrom().iterable(selected)
                        .onItem().transformToUniAndConcatenate(row -> service.prune(SessionId.of((String) row[0]),
                                (String) row[1]))
                        .collect().last()
                        .invoke(() -> {
                            if (!selected.isEmpty()) {
                                LOG.infof("retention rule %s deleted %d sessions", rule, selected.size());
                            }
                        }))
                .replaceWithVoid();
    }
}
