package io.dormouse.systemtest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The registry's control plane under load: create latency, listing by tag over 10,000 sessions, and pool checkout
 * throughput under contention. Not part of {@code ./dormouse test}; {@code ./dormouse bench} runs it. Prints figures,
 * asserts only correctness.
 */
class RegistryBenchmark {
    private static final System.Logger LOG = System.getLogger(RegistryBenchmark.class.getName());
    private static final int SESSIONS = Integer.getInteger("bench.sessions", 10_000);
    private static final int CLIENTS = 16;

    private static StackFixture fixture;

    @BeforeAll
    static void start() throws Exception {
        fixture = StackFixture.open(1, Map.of());
    }

    @AfterAll
    static void stop() throws Exception {
        fixture.close();
    }

    @Test
    void createListAndCheckout() throws Exception {
        Api registry = fixture.registry;
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        List<Callable<Long>> creates = new ArrayList<>();
        for (int i = 0; i < SESSIONS; i++) {
            String body = "{\"profile\":\"bench\",\"tags\":[\"bench-" + (i % 100) + "\",\"pool-" + (i % 10) + "\"]}";
            creates.add(() -> {
                long start = System.nanoTime();
                Api.Reply reply = registry.post("/v1/sessions", body);
                assertThat(reply.status()).as(reply.raw()).isEqualTo(201);
                return (System.nanoTime() - start) / 1_000;
            });
        }
        long createStart = System.nanoTime();
        List<Long> createMicros = collect(clients.invokeAll(creates));
        double createSeconds = (System.nanoTime() - createStart) / 1e9;

        List<Long> listMicros = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            long start = System.nanoTime();
            Api.Reply page = registry.get("/v1/sessions?tags=bench-" + (i % 100) + "&limit=100");
            listMicros.add((System.nanoTime() - start) / 1_000);
            assertThat(page.body().size()).isEqualTo(SESSIONS / 100);
        }

        AtomicInteger checkouts = new AtomicInteger();
        AtomicInteger empty = new AtomicInteger();
        long deadline = System.nanoTime() + 10_000_000_000L;
        List<Callable<Long>> loops = new ArrayList<>();
        for (int c = 0; c < 50; c++) {
            String tag = "pool-" + (c % 10);
            loops.add(() -> {
                while (System.nanoTime() < deadline) {
                    Api.Reply leased = registry.post("/v1/pool/checkout", "{\"tags\":[\"" + tag + "\"]}");
                    if (leased.status() == 204) {
                        empty.incrementAndGet();
                        continue;
                    }
                    checkouts.incrementAndGet();
                    registry.post("/v1/pool/release", "{\"id\":\"" + leased.get("session").get("id").asText()
                            + "\",\"leaseId\":\"" + leased.get("leaseId").asText() + "\"}");
                }
                return 0L;
            });
        }
        ExecutorService poolClients = Executors.newFixedThreadPool(50);
        collect(poolClients.invokeAll(loops));
        poolClients.shutdown();
        clients.shutdown();

        LOG.log(System.Logger.Level.INFO, String.join("\n", "",
                "BENCHMARK registry control plane (2 cores, PostgreSQL and Kafka on the same machine)",
                String.format("  create: %d sessions by %d clients in %.1f s (%.0f/s): p50 %.1f ms, p99 %.1f ms",
                        SESSIONS, CLIENTS, createSeconds, SESSIONS / createSeconds, Stats.percentile(createMicros, 50)
                                / 1000.0,
                        Stats.percentile(createMicros, 99) / 1000.0),
                String.format("  list by tag over %d sessions (100 per tag, one page): p50 %.1f ms, p99 %.1f ms",
                        SESSIONS, Stats.percentile(listMicros, 50) / 1000.0, Stats.percentile(listMicros, 99) / 1000.0),
                String.format("  pool checkout+release, 50 clients on 10 tags of %d sessions for 10 s: %.0f"
                        + " checkouts/s (%d empty answers)", SESSIONS, checkouts.get() / 10.0, empty.get())));
        assertThat(checkouts.get()).isPositive();
    }

    private static List<Long> collect(List<Future<Long>> futures) throws Exception {
        List<Long> values = new ArrayList<>();
        for (Future<Long> future : futures) {
            values.add(future.get());
        }
        return values;
    }

}
