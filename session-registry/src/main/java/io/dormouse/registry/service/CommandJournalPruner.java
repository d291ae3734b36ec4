package io.dormouse.registry.service;

import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.dormouse.registry.config.RegistryConfig;
import io.dormouse.registry.repository.CommandRepository;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;

/**
 * Keeps the command journal from becoming a store of secrets: a command's result (page text, cookie values, tokens a
 * page showed) is dropped after {@code result-retention}, and the command itself after {@code retention}. A deleted
 * session's commands go with it ({@link SessionService}).
 */
@ApplicationScoped
public class CommandJournalPruner {
    private static final Logger LOG = Logger.getLogger(CommandJournalPruner.class);

    @Inject
    RegistryConfig config;

    @Inject
    CommandRepository commands;

    @Scheduled(every = "${dormouse.registry.commands.prune-interval}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP, skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    Uni<Void> prune() {
        Instant now = Instant.now();
        return Panache.withTransaction(() -> commands.purgeResults(now.minus(config.commands().resultRetention()))
                .chain(purged -> commands.forget(now.minus(config.commands().retention()))
                        .invoke(forgotten -> {
                            if (purged + forgotten > 0) {
                                LOG.debugf("command journal: %d results dropped, %d commands forgotten", purged,
                                        forgotten);
                            }
                        })))
                .onFailure().invoke(failure -> LOG.warnf("pruning the command journal failed, the next round"
                        + " retries: %s", failure.getMessage()))
                .onFailure().recoverWithNull().replaceWithVoid();
    }
}
