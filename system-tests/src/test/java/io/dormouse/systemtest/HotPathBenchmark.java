package io.dormouse.systemtest;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import com.fasterxml.jackson.databind.JsonNode;
import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;

import io.dormouse.protocol.Action;
import io.dormouse.protocol.CommandId;
import io.dormouse.protocol.KafkaClientSecurity;
import io.dormouse.protocol.ProtocolJson;
import io.dormouse.protocol.RunAction;
import io.dormouse.protocol.SessionCommand;
import io.dormouse.protocol.SessionId;

/**
 * The action hot path against plain Playwright for Java on the same Chromium, measured in the same run: per-action
 * overhead, throughput, resume (right after a hibernate, after idling, in a burst), churn and head-of-line blocking.
 * Prints one table; asserts only that the work got done. Run by {@code ./dormouse bench}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HotPathBenchmark {
    private static final System.Logger LOG = System.getLogger(HotPathBenchmark.class.getName());
    private static final String EVALUATE = "{\"type\":\"evaluate\",\"expression\":\"() => document.title\"}";
    /** The services' JIT compiles for the first half minute of load; figures taken before that measure the JIT. */
    private static final long WARMUP_SECONDS = Long.getLong("bench.warmup-seconds", 30);
    private static final int SEQUENTIAL = Integer.getInteger("bench.sequential", 300);
    private static final int SESSIONS_DEFAULT = 32;
    private static final int SESSIONS = Integer.getInteger("bench.sessions", SESSIONS_DEFAULT);
    private static final long WINDOW_SECONDS = Long.getLong("bench.window-seconds", 15);
    private static final int RESUMES = Integer.getInteger("bench.resumes", 10);
    private static final int BURST = 16;
    private static final int BURST_CLIENTS = 8;

    private static StackFixture fixture;
    private static PlainPlaywright plain;
    private static List<Long> plainEvaluate = List.of();
    private static double oneWorkerRate;
    private static final List<Row> ROWS = Collections.synchronizedList(new ArrayList<>());

    /** One line of the table: Dormouse's figure beside the plain Playwright baseline of the same run. */
    private record Row(String name, String unit, double p50, double p99, double baseP50, double baseP99) {
        String format() {
            double ratio = baseP50 == 0 ? Double.NaN : p50 / baseP50;
            return String.format("  %-46s %10.1f %10.1f %10.1f %10.1f %8.2fx  %s", name, p50, p99, baseP50, baseP99,
                    ratio, unit);
        }
    }

    @BeforeAll
    static void start() throws Exception {
        fixture = StackFixture.open(1, Map.of("MAX_CONTEXTS_PER_WORKER", "40"));
        plain = new PlainPlaywright();
        // Warm the services' JIT on the paths measured below, so the figures are the steady state.
        String id = newSession("/plain.html");
        long warmUntil = System.nanoTime() + WARMUP_SECONDS * 1_000_000_000L;
        while (System.nanoTime() < warmUntil) {
            fixture.registry.completed(id, EVALUATE);
        }
        fixture.registry.delete("/v1/sessions/" + id);
    }

    @AfterAll
    static void stop() throws Exception {
        StringBuilder table = new StringBuilder(String.format("%nBENCHMARK hot path: Dormouse against plain Playwright"
                + " for Java, same Chromium, same run (one worker, 2 cores)%n  %-46s %10s %10s %10s %10s %9s%n",
                "", "p50", "p99", "plain p50", "plain p99", "ratio"));
        ROWS.forEach(row -> table.append(row.format()).append('\n'));
        LOG.log(System.Logger.Level.INFO, table.toString());
        plain.close();
        fixture.close();
    }

    @Test
    @Order(1)
    void sequentialEvaluate() throws Exception {
        String id = newSession("/plain.html");
        List<Long> http = new ArrayList<>();
        for (int round = 0; round < SEQUENTIAL; round++) {
            long start = System.nanoTime();
            fixture.registry.completed(id, EVALUATE);
            Stats.record(true, http, start);
        }
        List<Long> base = new ArrayList<>();
        BrowserContext context = plain.browser.newContext();
        Page page = context.newPage();
        page.navigate(fixture.site.url("/plain.html"));
        for (int round = 0; round < SEQUENTIAL + 50; round++) {
            long start = System.nanoTime();
            page.evaluate("() => document.title");
            Stats.record(round >= 50, base, start);
        }
        context.close();
        plainEvaluate = base;
        ROWS.add(millis("evaluate, sequential, HTTP", http, base));
        ROWS.add(new Row("  overhead over plain (ms)", "ms", ms(http, 50) - ms(base, 50), ms(http, 99) - ms(base, 99),
                0, 0));
        fixture.registry.delete("/v1/sessions/" + id);
    }

    /** The same through the Kafka command API: the tenant's commands topic in, its results topic out. */
    @Test
    @Order(2)
    void sequentialEvaluateOverKafka() throws Exception {
        SessionId session = SessionId.of(newSession("/plain.html"));
        JsonNode credential = fixture.stack.defaultTenantKafka;
        Map<String, String> security = KafkaClientSecurity.of(credential.path("securityProtocol").asText(),
                credential.path("username").asText(), credential.path("password").asText());
        Properties producerProps = new Properties();
        producerProps.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, fixture.stack.kafkaBootstrap);
        producerProps.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        producerProps.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        producerProps.put(ProducerConfig.LINGER_MS_CONFIG, "0");
        producerProps.putAll(security);
        Properties consumerProps = new Properties();
        consumerProps.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, fixture.stack.kafkaBootstrap);
        consumerProps.put(ConsumerConfig.GROUP_ID_CONFIG, credential.path("groupPrefix").asText() + "bench-"
                + UUID.randomUUID());
        consumerProps.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
        consumerProps.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        consumerProps.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        consumerProps.putAll(security);
        List<Long> kafka = new ArrayList<>();
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(producerProps);
                KafkaConsumer<String, String> consumer = new KafkaConsumer<>(consumerProps)) {
            consumer.subscribe(List.of(credential.path("topics").path("results").asText()));
            while (consumer.assignment().isEmpty()) {
                consumer.poll(Duration.ofMillis(100));
            }
            for (int round = 0; round < SEQUENTIAL + 50; round++) {
                CommandId command = CommandId.random();
                long start = System.nanoTime();
                producer.send(new ProducerRecord<>(credential.path("topics").path("commands").asText(),
                        session.value(), ProtocolJson.encode((SessionCommand) new RunAction(command, session, null,
                                new Action.Evaluate("() => document.title", null), null, Instant.now(), 20_000))));
                awaitOutcome(consumer, command);
                Stats.record(round >= 50, kafka, start);
            }
        }
        ROWS.add(millis("evaluate, sequential, Kafka command API", kafka, plainEvaluate));
        ROWS.add(new Row("  overhead over plain (ms)", "ms", ms(kafka, 50) - ms(plainEvaluate, 50),
                ms(kafka, 99) - ms(plainEvaluate, 99), 0, 0));
        fixture.registry.delete("/v1/sessions/" + session.value());
    }

    private static void awaitOutcome(KafkaConsumer<String, String> consumer, CommandId command) {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (System.nanoTime() < deadline) {
            for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(50))) {
                if (record.value().contains(command.value())) {
                    assertThat(record.value()).contains("ActionCompleted");
                    return;
                }
            }
        }
        throw new AssertionError("no outcome of " + command + " on the tenant's results topic within 30 s");
    }

    /**
     * {@value #SESSIONS_DEFAULT} live sessions by default, each with its own client; and what a live context costs in
     * memory, against a plain context on a plain page.
     */
    @Test
    @Order(3)
    void throughput() throws Exception {
        long workerPid = fixture.stack.workers().get(0).pid();
        long browserBefore = ProcessMemory.browserBytesOf(workerPid);
        long workerBefore = ProcessMemory.residentBytes(workerPid);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < SESSIONS; i++) {
            ids.add(newSession("/plain.html"));
        }
        Rate rate = rate(ids);
        long browserPerContext = (ProcessMemory.browserBytesOf(workerPid) - browserBefore) / SESSIONS;
        long workerPerContext = (ProcessMemory.residentBytes(workerPid) - workerBefore) / SESSIONS;
        oneWorkerRate = rate.perSecond();
        // The baseline gets the machine to itself, as the stack got it.
        for (String id : ids) {
            fixture.registry.delete("/v1/sessions/" + id);
        }
        long plainBefore = plain.browserBytes();
        List<Page> pages = new ArrayList<>();
        for (int i = 0; i < SESSIONS; i++) {
            Page page = plain.browser.newContext().newPage();
            page.navigate(fixture.site.url("/plain.html"));
            pages.add(page);
        }
        long plainDone = 0;
        long plainDeadline = System.nanoTime() + WINDOW_SECONDS * 1_000_000_000L;
        while (System.nanoTime() < plainDeadline) {
            pages.get((int) (plainDone % SESSIONS)).evaluate("() => document.title");
            plainDone++;
        }
        long plainPerContext = (plain.browserBytes() - plainBefore) / SESSIONS;
        for (Page page : pages) {
            page.context().close();
        }
        double plainRate = plainDone / (double) WINDOW_SECONDS;
        ROWS.add(new Row(SESSIONS + " sessions, " + SESSIONS + " clients (" + rate.failed() + " failed)", "actions/s",
                rate.perSecond(), rate.perSecond(), plainRate, plainRate));
        ROWS.add(new Row("memory per live context: browser (PSS)", "MB", mb(browserPerContext),
                mb(browserPerContext), mb(plainPerContext), mb(plainPerContext)));
        ROWS.add(new Row("memory per live context: worker JVM (RSS)", "MB", mb(workerPerContext),
                mb(workerPerContext), 0, 0));
    }

    /** What {@code ids.size()} clients, one per session, get done in the window. */
    private record Rate(int completed, int failed) {
        double perSecond() {
            return completed / (double) WINDOW_SECONDS;
        }
    }

    private static Rate rate(List<String> ids) throws InterruptedException {
        AtomicInteger completed = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        long deadline = System.nanoTime() + WINDOW_SECONDS * 1_000_000_000L;
        List<Thread> clients = new ArrayList<>();
        for (String id : ids) {
            clients.add(Thread.ofVirtual().start(() -> {
                while (System.nanoTime() < deadline) {
                    try {
                        Api.Reply reply = fixture.registry.act(id, EVALUATE);
                        (reply.get("status").asText().equals("completed") ? completed : failed).incrementAndGet();
                    } catch (Exception e) {
                        failed.incrementAndGet();
                    }
                }
            }));
        }
        for (Thread client : clients) {
            client.join();
        }
        return new Rate(completed.get(), failed.get());
    }

    @Test
    @Order(4)
    void resume() throws Exception {
        List<Long> rightAfter = new ArrayList<>();
        List<Long> afterIdle = new ArrayList<>();
        for (int round = 0; round < RESUMES; round++) {
            String id = newSession("/state.html?v=r" + round);
            hibernate(id);
            long start = System.nanoTime();
            resume(id);
            Stats.record(true, rightAfter, start);
            hibernate(id);
            // Sessions are mostly resumed a while after they went to sleep: the worker has refilled its warm pool.
            Thread.sleep(2_500);
            start = System.nanoTime();
            resume(id);
            Stats.record(true, afterIdle, start);
            fixture.registry.delete("/v1/sessions/" + id);
        }
        List<Long> base = plainRehydrates(RESUMES);
        ROWS.add(millis("resume right after hibernate", rightAfter, base));
        ROWS.add(millis("resume after 2.5 s idle", afterIdle, base));
    }

    @Test
    @Order(5)
    void burstOfWakes() throws Exception {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < BURST; i++) {
            String id = newSession("/state.html?v=burst" + i);
            hibernate(id);
            ids.add(id);
        }
        Thread.sleep(2_500);
        ConcurrentLinkedQueue<String> queue = new ConcurrentLinkedQueue<>(ids);
        List<Long> wakes = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger failed = new AtomicInteger();
        long start = System.nanoTime();
        List<Thread> clients = new ArrayList<>();
        for (int c = 0; c < BURST_CLIENTS; c++) {
            clients.add(Thread.ofVirtual().start(() -> {
                for (String id = queue.poll(); id != null; id = queue.poll()) {
                    long wake = System.nanoTime();
                    try {
                        fixture.registry.completed(id, EVALUATE);
                        Stats.record(true, wakes, wake);
                    } catch (Exception | AssertionError e) {
                        failed.incrementAndGet();
                    }
                }
            }));
        }
        for (Thread client : clients) {
            client.join();
        }
        double all = (System.nanoTime() - start) / 1e6;
        for (String id : ids) {
            fixture.registry.delete("/v1/sessions/" + id);
        }
        List<Long> base = plainRehydrates(BURST);
        double baseAll = base.stream().mapToLong(Long::longValue).sum() / 1000.0;
        ROWS.add(millis("burst: each of " + BURST + " wakes, " + BURST_CLIENTS + " clients (" + failed.get()
                + " failed)", wakes, base));
        ROWS.add(new Row("burst: all " + BURST + " (plain: one after another)", "ms", all, all, baseAll, baseAll));
    }

    @Test
    @Order(6)
    void churn() throws Exception {
        AtomicInteger done = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        long deadline = System.nanoTime() + WINDOW_SECONDS * 1_000_000_000L;
        List<Thread> clients = new ArrayList<>();
        for (int c = 0; c < BURST_CLIENTS; c++) {
            clients.add(Thread.ofVirtual().start(() -> {
                while (System.nanoTime() < deadline) {
                    try {
                        String id = newSession("/state.html?v=churn");
                        hibernate(id);
                        done.incrementAndGet();
                    } catch (Exception | AssertionError e) {
                        failed.incrementAndGet();
                    }
                }
            }));
        }
        for (Thread client : clients) {
            client.join();
        }
        long plainDone = 0;
        long plainDeadline = System.nanoTime() + WINDOW_SECONDS * 1_000_000_000L;
        while (System.nanoTime() < plainDeadline) {
            BrowserContext context = plain.browser.newContext();
            context.newPage().navigate(fixture.site.url("/state.html?v=churn"));
            context.storageState();
            context.close();
            plainDone++;
        }
        double rate = done.get() / (double) WINDOW_SECONDS;
        double plainRate = plainDone / (double) WINDOW_SECONDS;
        ROWS.add(new Row("churn: create+navigate+hibernate, " + BURST_CLIENTS + " clients (" + failed.get()
                + " failed)", "sessions/s", rate, rate, plainRate, plainRate));
    }

    @Test
    @Order(7)
    void headOfLineBlocking() throws Exception {
        String waiting = newSession("/plain.html");
        String busy = newSession("/plain.html");
        List<Long> alone = sequential(busy, 100);
        Thread wait = Thread.ofVirtual().start(() -> {
            try {
                fixture.registry.completed(waiting, "{\"type\":\"evaluate\",\"expression\":"
                        + "\"() => new Promise(resolve => setTimeout(() => resolve(1), 10000))\"}");
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        Thread.sleep(200);
        List<Long> beside = sequential(busy, 100);
        wait.join();
        ROWS.add(millis("evaluate beside a 10 s wait in another session", beside, alone));
        fixture.registry.delete("/v1/sessions/" + waiting);
        fixture.registry.delete("/v1/sessions/" + busy);
    }

    /**
     * The same throughput on a stack with a second worker process (sessions spread over both by their id), warmed
     * like the first; against the one-worker figure of this run. Last, since it replaces the stack.
     */
    @Test
    @Order(8)
    void throughputWithASecondWorker() throws Exception {
        fixture.close();
        fixture = StackFixture.open(2, Map.of("MAX_CONTEXTS_PER_WORKER", "40"));
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < SESSIONS; i++) {
            ids.add(newSession("/plain.html"));
        }
        long warmUntil = System.nanoTime() + WARMUP_SECONDS * 1_000_000_000L;
        while (System.nanoTime() < warmUntil) {
            rate(ids);
        }
        Rate rate = rate(ids);
        ROWS.add(new Row(SESSIONS + " sessions on 2 workers (" + rate.failed() + " failed)",
                "actions/s, base: 1 worker", rate.perSecond(), rate.perSecond(), oneWorkerRate, oneWorkerRate));
    }

    private static List<Long> sequential(String id, int count) throws Exception {
        List<Long> samples = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            long start = System.nanoTime();
            fixture.registry.completed(id, EVALUATE);
            Stats.record(true, samples, start);
        }
        return samples;
    }

    /** {@code count} plain rehydrates: a new context from a storage state, a page, a navigation. */
    private static List<Long> plainRehydrates(int count) {
        BrowserContext source = plain.browser.newContext();
        source.newPage().navigate(fixture.site.url("/state.html?v=plain"));
        String state = source.storageState();
        source.close();
        List<Long> samples = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            long start = System.nanoTime();
            BrowserContext context = plain.browser.newContext(new Browser.NewContextOptions().setStorageState(state));
            context.newPage().navigate(fixture.site.url("/state.html?v=plain"));
            Stats.record(true, samples, start);
            context.close();
        }
        return samples;
    }

    private static String newSession(String path) throws Exception {
        String id = fixture.registry.post("/v1/sessions", "{\"profile\":\"bench\"}").get("id").asText();
        fixture.registry.completed(id, Api.navigate(fixture.site.url(path)));
        return id;
    }

    private static void hibernate(String id) throws Exception {
        Api.Reply reply = fixture.registry.post("/v1/sessions/" + id + "/hibernate", "");
        assertThat(reply.status()).as(reply.raw()).isEqualTo(200);
    }

    private static void resume(String id) throws Exception {
        Api.Reply reply = fixture.registry.post("/v1/sessions/" + id + "/resume", "");
        assertThat(reply.get("state").asText()).as(reply.raw()).isEqualTo("ACTIVE");
    }

    private static Row millis(String name, List<Long> micros, List<Long> baseMicros) {
        return new Row(name, "ms", ms(micros, 50), ms(micros, 99), ms(baseMicros, 50), ms(baseMicros, 99));
    }

    private static double mb(long bytes) {
        return bytes / (1024.0 * 1024.0);
    }

    private static double ms(List<Long> micros, int percentile) {
        return Stats.percentile(micros, percentile) / 1000.0;
    }
}
