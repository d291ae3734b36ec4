package io.dormouse.systemtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.dormouse.client.DormouseClient;
import io.dormouse.client.DormouseException;
import io.dormouse.client.DormouseKafka;
import io.dormouse.client.Pool;
import io.dormouse.client.Session;
import io.dormouse.protocol.Action;
import io.dormouse.protocol.ActionCompleted;
import io.dormouse.protocol.ActionError;
import io.dormouse.protocol.ActionFailed;
import io.dormouse.protocol.ActionOutcome;
import io.dormouse.protocol.CommandId;
import io.dormouse.protocol.CreateSession;
import io.dormouse.protocol.DormouseEvent;
import io.dormouse.protocol.RunAction;
import io.dormouse.protocol.SessionCreated;
import io.dormouse.protocol.SessionEvent;
import io.dormouse.protocol.SessionId;
import io.dormouse.protocol.SessionSpec;

/**
 * The Java client ({@code clients/java}) against the real stack, as a user's program would use it: the HTTP API with a
 * login that outlives the JVM, the pool under contention, typed errors, a 250-session listing through the cursor;
 * and {@link DormouseKafka} with a tenant's own credential: commands keyed by session, outcomes awaited by command id,
 * typed events in a named group.
 */
class JavaClientIT {
    private static DormouseStack stack;
    private static TestSite site;
    private static Api operator;
    private static String tenant;
    private static DormouseClient client;
    private static DormouseClient other;
    private static final List<SessionId> CREATED = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        stack = DormouseStack.shared();
        site = new TestSite();
        operator = new Api(stack.registry().baseUrl());
        tenant = "java-" + UUID.randomUUID().toString().substring(0, 8);
        client = DormouseClient.builder().url(stack.registry().baseUrl()).apiKey(operator.tenantKey(tenant)).build();
        other = DormouseClient.builder().url(stack.registry().baseUrl())
                .apiKey(operator.tenantKey(tenant + "-other")).build();
    }

    @AfterAll
    static void stop() {
        for (SessionId id : CREATED) {
            try {
                client.deleteSession(id);
            } catch (DormouseException.SessionDeleted | DormouseException.SessionNotFound gone) {
                // Deleted by the test itself.
            }
        }
        site.close();
    }

    private static Session session(String profile, List<String> tags) {
        Session session = client.createSession(SessionSpec.ofProfile(profile), tags);
        CREATED.add(session.id());
        return session;
    }

    @Test
    void aLoginOutlivesTheJvmAndHibernation() throws Exception {
        String[] loggedIn = agent("login", site.origin(), "lin").split(" ");
        SessionId id = SessionId.of(loggedIn[0]);
        CREATED.add(id);
        assertThat(loggedIn[1]).isEqualTo("lin");
        client.getSession(id).hibernate();
        assertThat(client.getSession(id).info().state()).isEqualTo("HIBERNATED");
        String[] resumed = agent("check", id.value()).split(" ");
        assertThat(resumed[0]).isEqualTo("ACTIVE");
        assertThat(resumed[1]).endsWith("/app");
        assertThat(resumed[2]).isEqualTo("lin");
    }

    /** Runs {@link JavaClientAgent} in a JVM of its own with the tenant's key; its last line of output. */
    private static String agent(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-cp", System.getProperty("java.class.path"), JavaClientAgent.class.getName()));
        command.addAll(List.of(args));
        ProcessBuilder java = new ProcessBuilder(command).redirectErrorStream(true);
        java.environment().put("DORMOUSE_URL", stack.registry().baseUrl());
        java.environment().put("DORMOUSE_API_KEY", operator.tenantKey(tenant));
        Process process = java.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(3, TimeUnit.MINUTES)).as(output).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        return output.strip().lines().reduce((first, second) -> second).orElseThrow();
    }

    @Test
    void poolCheckoutUnderContentionHandsEachSessionOutOnce() throws Exception {
        String tag = "t-" + UUID.randomUUID().toString().substring(0, 12);
        Set<SessionId> ids = new java.util.HashSet<>();
        for (int i = 0; i < 4; i++) {
            ids.add(session("pool", List.of(tag)).id());
        }
        ExecutorService threads = Executors.newFixedThreadPool(10);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Pool.Lease>> tries = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            tries.add(threads.submit(() -> {
                go.await();
                return client.pool().tryCheckout(List.of(tag), 60).orElse(null);
            }));
        }
        go.countDown();
        List<Pool.Lease> leases = new ArrayList<>();
        for (Future<Pool.Lease> attempt : tries) {
            Pool.Lease lease = attempt.get(60, TimeUnit.SECONDS);
            if (lease != null) {
                leases.add(lease);
            }
        }
        threads.shutdown();
        assertThat(leases).extracting(lease -> lease.session().id()).containsExactlyInAnyOrderElementsOf(ids);
        assertThatThrownBy(() -> client.pool().checkout(List.of(tag), 60))
                .isInstanceOf(DormouseException.NoFreeSession.class);
        leases.forEach(Pool.Lease::close);
        try (Pool.Lease again = client.pool().checkout(List.of(tag), 60)) {
            assertThat(ids).contains(again.session().id());
        }
    }

    @Test
    void errorsAreTypedWithTheApisCode() {
        Session session = session("errors", List.of());
        assertThatThrownBy(() -> session.activePage().navigate("file:///etc/passwd"))
                .isInstanceOfSatisfying(DormouseException.PolicyDenied.class, denied -> {
                    assertThat(denied.code()).isEqualTo(ActionError.POLICY_DENIED);
                    assertThat(denied.commandId()).startsWith("cmd_");
                });
        session.activePage().navigate(site.url("/login"));
        assertThatThrownBy(() -> session.act(new Action.Click("#nothing-here"), Duration.ofMillis(500),
                CommandId.random())).isInstanceOf(DormouseException.SelectorNotFound.class);
        assertThatThrownBy(() -> client.getSession(SessionId.of("ses_doesNotExist")))
                .isInstanceOfSatisfying(DormouseException.SessionNotFound.class,
                        missing -> assertThat(missing.status()).isEqualTo(404));
        assertThatThrownBy(() -> other.getSession(session.id())).isInstanceOf(DormouseException.SessionNotFound.class);
        assertThat(other.listSessions(List.of(), List.of())).noneMatch(info -> info.id().equals(session.id()));
        session.delete();
        assertThatThrownBy(() -> client.getSession(session.id()))
                .isInstanceOfSatisfying(DormouseException.SessionDeleted.class,
                        gone -> assertThat(gone.code()).isEqualTo("session-deleted"));
    }

    @Test
    void listingPagesThroughTheCursor() throws Exception {
        String tag = "t-" + UUID.randomUUID().toString().substring(0, 12);
        Set<SessionId> ids = ConcurrentHashMap.newKeySet();
        ExecutorService threads = Executors.newFixedThreadPool(5);
        List<Future<?>> creators = new ArrayList<>();
        for (int t = 0; t < 5; t++) {
            creators.add(threads.submit(() -> {
                for (int i = 0; i < 50; i++) {
                    ids.add(session("listing", List.of(tag)).id());
                }
            }));
        }
        for (Future<?> creator : creators) {
            creator.get(2, TimeUnit.MINUTES);
        }
        threads.shutdown();
        List<SessionId> listed = client.listSessions(List.of(tag), List.of()).map(info -> info.id()).toList();
        assertThat(listed).hasSize(250).doesNotHaveDuplicates();
        assertThat(Set.copyOf(listed)).isEqualTo(ids);
    }

    @Test
    void aCommandIdRunsOnce() {
        Session session = session("idempotence", List.of());
        session.activePage().navigate(site.url("/login"));
        Action bump = new Action.Evaluate("() => { const n = Number(localStorage.getItem('n') || 0) + 1;"
                + " localStorage.setItem('n', n); return n }", null);
        CommandId id = CommandId.random();
        assertThat(session.act(bump, Duration.ofSeconds(10), id).result().asInt()).isEqualTo(1);
        assertThat(session.act(bump, Duration.ofSeconds(10), id).result().asInt())
                .as("the same command id gets the first outcome").isEqualTo(1);
        assertThat(session.activePage().localStorage(List.of("n")).path("n").asText()).isEqualTo("1");
    }

    /**
     * A credential's ACLs reach the broker's authorizer a moment after the registry answered, so the first connect of a
     * brand-new tenant may be refused; a user retries the same way.
     */
    private static DormouseKafka connectOnceAuthorized(DormouseKafka.Credential credential) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            try {
                return DormouseKafka.connect(credential);
            } catch (org.apache.kafka.common.errors.AuthorizationException notYet) {
                if (System.nanoTime() > deadline) {
                    throw notYet;
                }
                Thread.sleep(250);
            }
        }
    }

    @Test
    void theKafkaClientRunsCommandsAndReadsTypedEvents() throws Exception {
        String kafkaTenant = "javakafka-" + UUID.randomUUID().toString().substring(0, 8);
        Api.Reply credential = operator.post("/v1/admin/kafka-credentials", "{\"tenant\":\"" + kafkaTenant + "\"}");
        assertThat(credential.status()).as(credential.raw()).isEqualTo(201);
        SessionId id = SessionId.random();
        List<DormouseEvent> events = new CopyOnWriteArrayList<>();
        try (DormouseKafka kafka = connectOnceAuthorized(DormouseKafka.Credential.of(credential.body()));
                DormouseKafka.Subscription subscription = kafka.subscribe("it", events::add)) {
            SessionCreated created = kafka.create(new CreateSession(CommandId.random(), id,
                    SessionSpec.ofProfile("kafka"), List.of("kafka"), Map.of()), Duration.ofSeconds(60)).get();
            assertThat(created.sessionId()).isEqualTo(id);
            assertThat(created.tags()).containsExactly("kafka");
            ActionOutcome navigated = kafka.run(new RunAction(CommandId.random(), id, null,
                    new Action.Navigate(site.url("/login"), null), null, Instant.now(), 30_000),
                    Duration.ofSeconds(60)).get();
            assertThat(navigated).isInstanceOfSatisfying(ActionCompleted.class,
                    done -> assertThat(done.result().path("title").asText()).isEqualTo("login"));
            ActionOutcome denied = kafka.run(new RunAction(CommandId.random(), id, null,
                    new Action.Navigate("file:///etc/passwd", null), null, Instant.now(), 30_000),
                    Duration.ofSeconds(60)).get();
            assertThat(denied).isInstanceOfSatisfying(ActionFailed.class,
                    failed -> assertThat(failed.error().code()).isEqualTo(ActionError.POLICY_DENIED));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (events.stream().noneMatch(event -> event instanceof SessionCreated created1
                    && created1.sessionId().equals(id)) && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertThat(events).as("typed events of the tenant's session")
                    .anySatisfy(event -> assertThat(event).isInstanceOf(SessionCreated.class))
                    .filteredOn(event -> event instanceof SessionEvent)
                    .allSatisfy(event -> assertThat(((SessionEvent) event).sessionId()).isNotNull());
            assertThat(events.stream().filter(event -> event instanceof SessionEvent)
                    .map(event -> ((SessionEvent) event).sessionId()).collect(Collectors.toSet())).contains(id);
        }

        // The Kafka example of the client's README, as a user runs it: the JDK's source launcher, this classpath.
        Path credentialFile = java.nio.file.Files.createTempFile("kafka-credential", ".json");
        java.nio.file.Files.writeString(credentialFile, credential.raw());
        Path example = Path.of(System.getProperty("dormouse.root", "..")).resolve(
                "clients/java/examples/KafkaQuickstart.java");
        Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), example.toString(), credentialFile.toString(),
                site.url("/login")).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(3, TimeUnit.MINUTES)).as(output).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        assertThat(output).contains("created ses_", "\"title\":\"login\"", "event SessionCreated");
        java.nio.file.Files.delete(credentialFile);
    }
}
