package io.dormouse.registry.messaging;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialDeletion;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AccessControlEntryFilter;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.errors.ResourceNotFoundException;
import org.apache.kafka.common.errors.SecurityDisabledException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourcePatternFilter;
import org.apache.kafka.common.resource.ResourceType;
import org.jboss.logging.Logger;

import io.dormouse.protocol.Topics;
import io.dormouse.registry.config.RegistryConfig;
import io.dormouse.registry.config.TopicsConfig;
import io.smallrye.common.annotation.Identifier;

/**
 * The registry as Kafka's control plane: it holds an admin client with the registry's own credentials, grants each
 * service principal exactly the topics and groups it uses, and gives a tenant its principal, its three topics and the
 * ACLs that make them its own. Blocking calls: callers run them off the event loop.
 */
@ApplicationScoped
public class KafkaAccess {
    private static final Logger LOG = Logger.getLogger(KafkaAccess.class);
    private static final int SCRAM_ITERATIONS = 8192;
    private static final long TIMEOUT_SECONDS = 30;

    @Inject
    TopicsConfig topics;

    @Inject
    RegistryConfig config;

    @Inject
    @Identifier("default-kafka-broker")
    Map<String, Object> kafkaConfig;

    private volatile Admin admin;

    /** A tenant's Kafka identity and topics. */
    public record TenantAccess(String principal, String commands, String results, String events, String groupPrefix) {
    }

    /** The admin client, with the same bootstrap servers and credentials as the registry's channels. */
    public synchronized Admin admin() {
        if (admin == null) {
            Map<String, Object> settings = new HashMap<>();
            kafkaConfig.forEach((key, value) -> {
                if (AdminClientConfig.configNames().contains(key)) {
                    settings.put(key, value);
                }
            });
            admin = Admin.create(settings);
        }
        return admin;
    }

    /** Grants the worker, store and monitor principals their topics and groups; safe to repeat. */
    public void grantServices() throws InterruptedException, ExecutionException, TimeoutException {
        RegistryConfig.KafkaAccess kafka = config.kafka();
        List<AclBinding> acls = new ArrayList<>();
        String worker = user(kafka.workerPrincipal());
        read(acls, worker, topics.actions());
        group(acls, worker, kafka.workerGroup());
        write(acls, worker, topics.results(), topics.events(), topics.metrics(), topics.heartbeats(),
                Topics.deadLetter(topics.actions()));
        String store = user(kafka.storePrincipal());
        read(acls, store, topics.events());
        group(acls, store, kafka.storeGroup());
        write(acls, store, topics.events(), topics.commands(), Topics.deadLetter(topics.events()));
        String monitor = user(kafka.monitorPrincipal());
        read(acls, monitor, topics.heartbeats(), topics.metrics(), topics.events(), topics.results());
        group(acls, monitor, kafka.monitorGroup());
        write(acls, monitor, topics.events(), topics.commands(), Topics.deadLetter(topics.heartbeats()),
                Topics.deadLetter(topics.metrics()), Topics.deadLetter(topics.events()),
                Topics.deadLetter(topics.results()));
        createAcls(acls);
    }

    public TenantAccess accessOf(String tenant) {
        return new TenantAccess(config.kafka().tenantPrincipalPrefix() + tenant,
                Topics.tenantTopic(topics.tenantPrefix(), tenant, Topics.TENANT_COMMANDS),
                Topics.tenantTopic(topics.tenantPrefix(), tenant, Topics.TENANT_RESULTS),
                Topics.tenantTopic(topics.tenantPrefix(), tenant, Topics.TENANT_EVENTS),
                topics.tenantPrefix() + tenant + ".");
    }

    /**
     * Gives {@code tenant} its principal with {@code password} (a new password replaces the old one), its topics, and
     * ACLs: write its commands topic, read its results and events topics, use consumer groups named with its prefix.
     */
    public TenantAccess grantTenant(String tenant, String password)
            throws InterruptedException, ExecutionException, TimeoutException {
        TenantAccess access = accessOf(tenant);
        admin().alterUserScramCredentials(List.of(new UserScramCredentialUpsertion(access.principal(),
                new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, SCRAM_ITERATIONS), password)))
                .all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        List<NewTopic> wanted = List.of(
                new NewTopic(access.commands(), topics.partitions(), topics.replicationFactor()),
                new NewTopic(access.results(), topics.partitions(), topics.replicationFactor())
                        .configs(Map.of("retention.ms", String.valueOf(topics.resultsRetention().toMillis()))),
                new NewTopic(access.events(), topics.partitions(), topics.replicationFactor()));
        for (NewTopic topic : wanted) {
            try {
                admin().createTopics(List.of(topic)).all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw e;
                }
            }
        }
        String principal = user(access.principal());
        List<AclBinding> acls = new ArrayList<>();
        write(acls, principal, access.commands());
        read(acls, principal, access.results(), access.events());
        acls.add(new AclBinding(new ResourcePattern(ResourceType.GROUP, access.groupPrefix(), PatternType.PREFIXED),
                allow(principal, AclOperation.READ)));
        createAcls(acls);
        return access;
    }

    /** Removes the tenant's credential and ACLs; its topics stay until the operator deletes them. */
    public void revokeTenant(String tenant) throws InterruptedException, ExecutionException, TimeoutException {
        TenantAccess access = accessOf(tenant);
        try {
            admin().alterUserScramCredentials(List.of(new UserScramCredentialDeletion(access.principal(),
                    ScramMechanism.SCRAM_SHA_512))).all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof ResourceNotFoundException)) {
                throw e;
            }
        }
        if (config.kafka().manageAcls()) {
            admin().deleteAcls(List.of(new AclBindingFilter(ResourcePatternFilter.ANY,
                    new AccessControlEntryFilter(user(access.principal()), null, AclOperation.ANY,
                            AclPermissionType.ANY))))
                    .all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        }
    }

    private void createAcls(List<AclBinding> acls) throws InterruptedException, ExecutionException,
            TimeoutException {
        if (!config.kafka().manageAcls()) {
            return;
        }
        try {
            admin().createAcls(acls).all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof SecurityDisabledException) {
                LOG.warn("the broker has no authorizer: every client may use every topic (set "
                        + "dormouse.registry.kafka.manage-acls=false to silence this on a development broker)");
                return;
            }
            throw e;
        }
    }

    private static void read(List<AclBinding> acls, String principal, String... names) {
        for (String name : names) {
            acls.add(topic(name, principal, AclOperation.READ));
            acls.add(topic(name, principal, AclOperation.DESCRIBE));
        }
    }

    private static void write(List<AclBinding> acls, String principal, String... names) {
        for (String name : names) {
            acls.add(topic(name, principal, AclOperation.WRITE));
            acls.add(topic(name, principal, AclOperation.DESCRIBE));
        }
    }

    private static void group(List<AclBinding> acls, String principal, String group) {
        acls.add(new AclBinding(new ResourcePattern(ResourceType.GROUP, group, PatternType.LITERAL),
                allow(principal, AclOperation.READ)));
    }

    private static AclBinding topic(String name, String principal, AclOperation operation) {
        return new AclBinding(new ResourcePattern(ResourceType.TOPIC, name, PatternType.LITERAL),
                allow(principal, operation));
    }

    private static AccessControlEntry allow(String principal, AclOperation operation) {
        return new AccessControlEntry(principal, "*", operation, AclPermissionType.ALLOW);
    }

    private static String user(String name) {
        return "User:" + name;
    }

    @PreDestroy
    synchronized void close() {
        if (admin != null) {
            admin.close();
        }
    }
}
