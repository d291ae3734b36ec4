package io.dormouse.registry.messaging;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.dormouse.protocol.Topics;
import io.dormouse.registry.config.TopicsConfig;
import io.quarkus.runtime.StartupEvent;

/**
 * The registry is the controller, so it creates every Dormouse topic (and its dead-letter topic) at start-up with the
 * configured partition counts, and grants the other services' principals their ACLs. Existing topics are left as they
 * are.
 */
@ApplicationScoped
public class TopicProvisioner {
    private static final Logger LOG = Logger.getLogger(TopicProvisioner.class);

    @Inject
    TopicsConfig topics;

    @Inject
    KafkaAccess access;

    @ConfigProperty(name = "dormouse.topics.provision", defaultValue = "true")
    boolean provision;

    void onStart(@Observes @Priority(1) StartupEvent start)
            throws InterruptedException, ExecutionException, TimeoutException {
        if (!provision) {
            return;
        }
        Admin admin = access.admin();
        Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
        List<NewTopic> missing = new ArrayList<>();
        for (NewTopic topic : wanted()) {
            if (!existing.contains(topic.name())) {
                missing.add(topic);
            }
        }
        if (!missing.isEmpty()) {
            createIgnoringRaces(admin, missing);
            LOG.infof("created topics %s", missing.stream().map(NewTopic::name).toList());
        }
        boundResultsRetention(admin);
        // The other services start after the registry and find their ACLs in place.
        access.grantServices();
    }

    /** Set on every start, so topics created before the bound (or changed by hand) get it too. */
    private void boundResultsRetention(Admin admin) throws InterruptedException, ExecutionException, TimeoutException {
        AlterConfigOp retention = new AlterConfigOp(new ConfigEntry(TopicConfig.RETENTION_MS_CONFIG,
                String.valueOf(topics.resultsRetention().toMillis())), AlterConfigOp.OpType.SET);
        Map<ConfigResource, Collection<AlterConfigOp>> changes = new HashMap<>();
        for (String name : List.of(topics.results(), Topics.deadLetter(topics.results()))) {
            changes.put(new ConfigResource(ConfigResource.Type.TOPIC, name), List.of(retention));
        }
        admin.incrementalAlterConfigs(changes).all().get(30, TimeUnit.SECONDS);
    }

    /** Another registry replica may create the same topics at the same moment; that is success too. */
    private static void createIgnoringRaces(Admin admin, List<NewTopic> missing)
            throws InterruptedException, ExecutionException, TimeoutException {
        try {
            admin.createTopics(missing).all().get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw e;
            }
        }
    }

    private List<NewTopic> wanted() {
        List<NewTopic> wanted = new ArrayList<>();
        short replication = topics.replicationFactor();
        wanted.add(new NewTopic(topics.actions(), Math.max(topics.actionPartitions(), Topics.MIN_ACTION_PARTITIONS),
                replication));
        for (String name : List.of(topics.commands(), topics.results(), topics.events(), topics.metrics())) {
            wanted.add(new NewTopic(name, topics.partitions(), replication));
        }
        wanted.add(new NewTopic(topics.heartbeats(), 1, replication));
        wanted.add(new NewTopic(topics.tenantCommandsDeadLetter(), 1, replication));
        wanted.add(new NewTopic(topics.tenantFanoutDeadLetter(), 1, replication));
        for (String consumed : List.of(topics.commands(), topics.actions(), topics.results(), topics.events(),
                topics.metrics(), topics.heartbeats())) {
            wanted.add(new NewTopic(Topics.deadLetter(consumed), 1, replication));
        }
        return wanted;
    }
}
