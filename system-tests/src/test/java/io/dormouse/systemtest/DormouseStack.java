package io.dormouse.systemtest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.regex.Pattern;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import io.dormouse.protocol.KafkaClientSecurity;

/**
 * The whole system for one test run: the four packaged services as processes, on the real Kafka broker and PostgreSQL
 * that {@code ./dormouse test} provides. Each run gets its own database and its own topic names, so runs and the
 * module tests sharing the broker cannot see each other's records.
 */
final class DormouseStack implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(DormouseStack.class.getName());
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(180);
    /** The admin key every stack's registry installs for tenant {@code default}; {@link Api} sends it. */
    static final String ADMIN_KEY = "dmk_systemtest_" + UUID.randomUUID().toString().replace("-", "");
    private static DormouseStack shared;

    final String runId = UUID.randomUUID().toString().substring(0, 8);
    final String kafkaBootstrap;
    final String topicPrefix = "st-" + runId + ".";
    final Path snapshotDirectory;
    final Duration startupTime;
    /** Tenant {@code default}'s Kafka credential: username, password, topics. */
    final com.fasterxml.jackson.databind.JsonNode defaultTenantKafka;
    /** Every {@code host:port} of this stack (its services, Kafka, PostgreSQL, Redis), which no page may reach. */
    final List<String> stackEndpoints;
    private final String databaseName = "dormouse_st_" + runId;
    private final String adminJdbcUrl;
    private final Map<String, ServiceProcess> services = new HashMap<>();
    private final List<ServiceProcess> workers = new ArrayList<>();

    /** One stack for all system-test classes of this JVM: starting it is the slow part. */
    static synchronized DormouseStack shared() throws Exception {
        if (shared == null) {
            shared = new DormouseStack(1, Map.of());
            Runtime.getRuntime().addShutdownHook(new Thread(shared::closeQuietly));
        }
        return shared;
    }

    /** A stack of its own, for tests that stop or kill its processes; the caller closes it. */
    static DormouseStack dedicated(int workers) throws Exception {
        return new DormouseStack(workers, Map.of());
    }

    /** A dedicated stack whose services also get {@code extraEnvironment}. */
    static DormouseStack dedicated(int workers, Map<String, String> extraEnvironment) throws Exception {
        return new DormouseStack(workers, extraEnvironment);
    }

    /** The store's service token and AES key, and the monitor's key and token, in every stack the tests start. */
    static final String STORE_TOKEN = "dormouse-system-test-store-token";
    static final String STORE_KEYS = "it1:ZG9ybW91c2UtZGV2LWFuZC10ZXN0LWtleS0wMDAwMDE=";
    static final String MONITOR_TOKEN = "dormouse-system-test-monitor-token";
    static final String MONITOR_KEY = "dmk_systemtest_monitor_" + UUID.randomUUID().toString().replace("-", "");
    static final String REGISTRY_KEY = "ZG9ybW91c2Utc3lzdGVtLXRlc3QtcmVnaXN0cnkta3k=";
    static final String GATEWAY_TOKEN = "dormouse-system-test-gateway-token";

    /**
     * The secrets each service gets, as {@code ./dormouse up} hands them out: the worker, which runs the browser, only
     * the store and gateway tokens.
     */
    private static Map<String, String> secretsFor(String module) {
        return switch (module) {
            case "session-registry" -> Map.of("DORMOUSE_ADMIN_KEY", ADMIN_KEY, "DORMOUSE_MONITOR_KEY", MONITOR_KEY,
                    "DORMOUSE_STORE_TOKEN", STORE_TOKEN, "DORMOUSE_MONITOR_TOKEN", MONITOR_TOKEN,
                    "DORMOUSE_REGISTRY_KEY", REGISTRY_KEY, "DORMOUSE_GATEWAY_TOKEN", GATEWAY_TOKEN);
            case "hibernation-store" -> Map.of("DORMOUSE_STORE_TOKEN", STORE_TOKEN, "DORMOUSE_STORE_KEYS", STORE_KEYS);
            case "health-monitor" -> Map.of("DORMOUSE_MONITOR_TOKEN", MONITOR_TOKEN, "DORMOUSE_MONITOR_KEY",
                    MONITOR_KEY);
            case "browser-worker" ->
                Map.of("DORMOUSE_STORE_TOKEN", STORE_TOKEN, "DORMOUSE_GATEWAY_TOKEN", GATEWAY_TOKEN);
            default -> Map.of();
        };
    }

    /**
     * The stack's own consumer group names. Stacks share the test broker: with the same group names, one stack's
     * worker leaving would rebalance every other stack's workers too, and a revoked partition closes its sessions.
     */
    private Map<String, String> consumerGroupsFor(String module) {
        return switch (module) {
            case "session-registry" -> Map.of("DORMOUSE_REGISTRY_KAFKA_WORKER_GROUP", group("workers"),
                    "DORMOUSE_REGISTRY_KAFKA_STORE_GROUP", group("store"), "DORMOUSE_REGISTRY_KAFKA_MONITOR_GROUP",
                    group("monitor"), "MP_MESSAGING_INCOMING_SESSION_COMMANDS_GROUP_ID", group("registry"),
                    "MP_MESSAGING_INCOMING_SESSION_EVENTS_IN_GROUP_ID", group("registry"),
                    "MP_MESSAGING_INCOMING_TENANT_COMMANDS_GROUP_ID", group("registry-tenants"),
                    "MP_MESSAGING_INCOMING_FANOUT_RESULTS_GROUP_ID", group("registry-fanout-results"),
                    "MP_MESSAGING_INCOMING_FANOUT_EVENTS_GROUP_ID", group("registry-fanout-events"),
                    "MP_MESSAGING_INCOMING_SESSION_RESULTS_JOURNAL_GROUP_ID", group("registry-journal"));
            case "browser-worker" -> Map.of("MP_MESSAGING_INCOMING_SESSION_ACTIONS_GROUP_ID", group("workers"));
            case "hibernation-store" -> Map.of("MP_MESSAGING_INCOMING_SESSION_EVENTS_GROUP_ID", group("store"));
            case "health-monitor" -> Map.of("MP_MESSAGING_INCOMING_WORKER_HEARTBEATS_GROUP_ID", group("monitor"),
                    "MP_MESSAGING_INCOMING_SESSION_METRICS_GROUP_ID", group("monitor"),
                    "MP_MESSAGING_INCOMING_SESSION_EVENTS_GROUP_ID", group("monitor"),
                    "MP_MESSAGING_INCOMING_SESSION_RESULTS_GROUP_ID", group("monitor"));
            default -> Map.of();
        };
    }

    /** This stack's consumer group for {@code role} (workers, store, monitor, registry…). */
    String group(String role) {
        return topicPrefix + role;
    }

    /** Each service's Kafka principal, as {@code ./dormouse up} gives them: the registry alone is the control plane. */
    private static final Map<String, String> PRINCIPALS = Map.of("session-registry", "dormouse-registry",
            "browser-worker", "dormouse-worker", "hibernation-store", "dormouse-store", "health-monitor",
            "dormouse-monitor");

    /** The service's Kafka credential from the directory {@code ./dormouse test} made, if the broker has SASL on. */
    private static Map<String, String> kafkaCredentialFor(String module) {
        String protocol = System.getenv("DORMOUSE_KAFKA_SECURITY_PROTOCOL");
        if (protocol == null || protocol.equals("PLAINTEXT")) {
            return Map.of("DORMOUSE_KAFKA_SECURITY_PROTOCOL", "PLAINTEXT");
        }
        String principal = PRINCIPALS.get(module);
        return Map.of("DORMOUSE_KAFKA_SECURITY_PROTOCOL", protocol, "DORMOUSE_KAFKA_USERNAME", principal,
                "DORMOUSE_KAFKA_PASSWORD", kafkaPassword(principal));
    }

    static String kafkaPassword(String principal) {
        try {
            return Files.readString(Path.of(requiredEnv("DORMOUSE_TEST_KAFKA_CREDENTIALS"), principal)).strip();
        } catch (IOException e) {
            throw new UncheckedIOException("no Kafka credential for " + principal, e);
        }
    }

    private DormouseStack(int workers, Map<String, String> extraEnvironment) throws Exception {
        kafkaBootstrap = requiredEnv("KAFKA_BOOTSTRAP_SERVERS");
        String dbUrl = requiredEnv("DORMOUSE_DB_URL");
        String serverUrl = dbUrl.substring(0, dbUrl.lastIndexOf('/'));
        adminJdbcUrl = "jdbc:" + serverUrl + "/postgres";
        execute("CREATE DATABASE " + databaseName);
        Path root = Path.of(System.getProperty("dormouse.root", ".."));
        Path target = root.resolve("system-tests/target/system-run-" + runId);
        snapshotDirectory = target.resolve("snapshots");
        Files.createDirectories(snapshotDirectory);

        Map<String, String> env = new HashMap<>();
        env.put("KAFKA_BOOTSTRAP_SERVERS", kafkaBootstrap);
        env.put("DORMOUSE_DB_URL", serverUrl + "/" + databaseName);
        for (String topic : new String[]{"commands", "actions", "results", "events", "metrics", "heartbeats"}) {
            env.put("DORMOUSE_TOPICS_" + topic.toUpperCase(Locale.ROOT), topicPrefix + topic);
        }
        env.put("DORMOUSE_TOPICS_TENANT_PREFIX", topicPrefix + "tenant.");
        env.put("DORMOUSE_TOPICS_TENANT_COMMANDS_PATTERN", Pattern.quote(topicPrefix + "tenant.") + ".+\\.commands");
        env.put("DORMOUSE_TOPICS_TENANT_COMMANDS_DEAD_LETTER", topicPrefix + "tenant-commands.dlq");
        env.put("DORMOUSE_TOPICS_TENANT_FANOUT_DEAD_LETTER", topicPrefix + "tenant-fanout.dlq");
        env.put("DORMOUSE_SNAPSHOT_DIR", snapshotDirectory.toString());
        env.put("DORMOUSE_REDIS_KEY_PREFIX", "dormouse-it-" + runId + ":");
        env.put("DORMOUSE_WORKER_HEARTBEAT_INTERVAL", "1s");
        env.put("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1");
        env.put("QUARKUS_LOG_CONSOLE_JSON_ENABLED", "false");
        env.putAll(extraEnvironment);
        String chromium = System.getenv("CHROMIUM_PATH");
        if (chromium != null) {
            env.put("CHROMIUM_PATH", chromium);
        }

        long started = System.nanoTime();
        // Ports are chosen up front: services call each other, and every worker refuses all of them to pages.
        int storePort = freePort();
        int registryPort = freePort();
        int monitorPort = freePort();
        List<Integer> workerPorts = new ArrayList<>();
        for (int i = 1; i <= workers; i++) {
            workerPorts.add(freePort());
        }
        env.put("HIBERNATION_STORE_URL", "http://127.0.0.1:" + storePort);
        env.put("HEALTH_MONITOR_URL", "http://127.0.0.1:" + monitorPort);
        env.put("SESSION_REGISTRY_URL", "http://127.0.0.1:" + registryPort);
        env.put("NAVIGATION_ALLOW_LOOPBACK", "true");
        // As ./dormouse up runs them: listening on loopback only.
        env.put("QUARKUS_HTTP_HOST", "127.0.0.1");
        List<String> endpoints = new ArrayList<>(List.of(kafkaBootstrap, serverUrl.replace("postgresql://", ""),
                System.getenv().getOrDefault("DORMOUSE_REDIS_URL", "redis://127.0.0.1:6379").replace("redis://", "")));
        for (int port : List.of(storePort, registryPort, monitorPort)) {
            endpoints.add("127.0.0.1:" + port);
        }
        workerPorts.forEach(port -> endpoints.add("127.0.0.1:" + port));
        env.put("DORMOUSE_STACK_ENDPOINTS", String.join(",", endpoints));
        stackEndpoints = List.copyOf(endpoints);
        ServiceProcess store = add(root, target, "hibernation-store", "hibernation-store", env, storePort);
        ServiceProcess registry = add(root, target, "session-registry", "session-registry", env, registryPort);
        ServiceProcess monitor = add(root, target, "health-monitor", "health-monitor", env, monitorPort);
        for (int i = 1; i <= workers; i++) {
            Map<String, String> workerEnv = new HashMap<>(env);
            workerEnv.put("WORKER_ID", "worker-" + i + "-" + runId);
            this.workers.add(add(root, target, "browser-worker-" + i, "browser-worker", workerEnv,
                    workerPorts.get(i - 1)));
        }
        // The registry creates the topics; the others start once it is ready.
        registry.start().awaitReady(READY_TIMEOUT);
        List<ServiceProcess> rest = new ArrayList<>(List.of(store, monitor));
        rest.addAll(this.workers);
        for (ServiceProcess service : rest) {
            service.start();
        }
        for (ServiceProcess service : rest) {
            service.awaitReady(READY_TIMEOUT);
        }
        startupTime = Duration.ofNanos(System.nanoTime() - started);
        // Tenant 'default' produces its Kafka commands to its own topic, as a client with a credential would.
        defaultTenantKafka = new Api(registry.baseUrl()).post("/v1/admin/kafka-credentials", "{}").body();
        LOG.log(System.Logger.Level.INFO, "stack {0} up in {1} ms: registry {2}, store {3}, monitor {4}, workers {5}",
                runId, startupTime.toMillis(), registry.port, store.port, monitor.port,
                this.workers.stream().map(w -> w.port).toList());
    }

    private ServiceProcess add(Path root, Path target, String name, String module, Map<String, String> env,
            int port) {
        Map<String, String> environment = new HashMap<>(env);
        environment.putAll(secretsFor(module));
        environment.putAll(kafkaCredentialFor(module));
        environment.putAll(consumerGroupsFor(module));
        ServiceProcess process = new ServiceProcess(name,
                root.resolve(module).resolve("target/quarkus-app/quarkus-run.jar"), port, target,
                Map.copyOf(environment));
        services.put(name, process);
        return process;
    }

    ServiceProcess registry() {
        return services.get("session-registry");
    }

    ServiceProcess store() {
        return services.get("hibernation-store");
    }

    ServiceProcess monitor() {
        return services.get("health-monitor");
    }

    List<ServiceProcess> workers() {
        return workers;
    }

    String topic(String name) {
        return topicPrefix + name;
    }

    /** A producer to this stack's Kafka as the registry's principal (it may write every topic): tests that forge records. */
    KafkaProducer<String, String> producer() {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafkaBootstrap);
        props.putAll(KafkaClientSecurity.fromEnvironment());
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        return new KafkaProducer<>(props);
    }

    /** A consumer of one of this stack's topics (by short name, e.g. {@code events}), reading from the beginning. */
    KafkaConsumer<String, String> consumer(String topicName) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafkaBootstrap);
        props.putAll(KafkaClientSecurity.fromEnvironment());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "system-test-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props);
        consumer.subscribe(List.of(topic(topicName)));
        return consumer;
    }

    @Override
    public void close() throws Exception {
        for (ServiceProcess service : services.values()) {
            service.stop();
        }
        execute("DROP DATABASE IF EXISTS " + databaseName + " WITH (FORCE)");
    }

    private void closeQuietly() {
        try {
            close();
        } catch (Exception e) {
            LOG.log(System.Logger.Level.WARNING, "stack " + runId + " did not shut down cleanly", e);
        }
    }

    private void execute(String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection(adminJdbcUrl,
                System.getenv().getOrDefault("DORMOUSE_DB_USER", "postgres"),
                System.getenv().getOrDefault("DORMOUSE_DB_PASSWORD", ""));
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static String requiredEnv(String name) {
        String value = System.getenv(name);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException(name + " is not set: run the system tests through './dormouse test'");
        }
        return value;
    }
}
