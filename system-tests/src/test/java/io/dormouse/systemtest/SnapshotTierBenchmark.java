package io.dormouse.systemtest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.dormouse.protocol.HibernationTier;
import io.dormouse.protocol.ProtocolJson;
import io.dormouse.protocol.SessionId;
import io.dormouse.protocol.SessionSnapshot;
import io.dormouse.protocol.SessionSpec;

/**
 * Snapshots per tier, for a heavy session (50 cookies, 100 KB of localStorage): resume latency through the whole
 * system, the store's read latency alone, bytes stored per hibernated session, and write throughput. The hot tier is
 * the baseline the others are compared with, measured in the same run. Run with {@code ./dormouse bench}.
 */
class SnapshotTierBenchmark {
    private static final System.Logger LOG = System.getLogger(SnapshotTierBenchmark.class.getName());
    private static final int WARMUP = 2;
    private static final int ROUNDS = Integer.getInteger("bench.tier-rounds", 15);
    private static final long RESUME_AFTER_MILLIS = Long.getLong("bench.resume-after-millis", 2_500);
    private static final int WRITES = Integer.getInteger("bench.tier-writes", 400);
    private static final int WRITERS = 8;

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
    void resumeLatencyBytesAndWriteThroughputPerTier() throws Exception {
        Api registry = fixture.registry;
        Api store = Api.store(fixture.stack);
        Map<HibernationTier, List<Long>> resume = new EnumMap<>(HibernationTier.class);
        Map<HibernationTier, List<Long>> storeRead = new EnumMap<>(HibernationTier.class);
        Map<HibernationTier, Long> storedBytes = new EnumMap<>(HibernationTier.class);
        long plaintextBytes = 0;
        byte[] heavySnapshot = null;
        for (HibernationTier tier : HibernationTier.values()) {
            resume.put(tier, new ArrayList<>());
            storeRead.put(tier, new ArrayList<>());
        }
        // Tiers take turns within each round, so warm-up and drift weigh on all of them alike.
        for (int round = 0; round < WARMUP + ROUNDS; round++) {
            boolean measured = round >= WARMUP;
            for (HibernationTier tier : HibernationTier.values()) {
                String id = registry.post("/v1/sessions", "{\"profile\":\"bench\",\"hibernationTier\":\""
                        + tier.wireName() + "\"}").get("id").asText();
                Api.Reply loaded = registry.act(id, "{\"type\":\"navigate\",\"url\":\""
                        + fixture.site.url("/heavy.html") + "\"}");
                assertThat(loaded.get("status").asText()).as(loaded.raw()).isEqualTo("completed");
                assertThat(registry.post("/v1/sessions/" + id + "/hibernate", "").status()).isEqualTo(200);

                JsonNode versions = store.get("/v1/snapshots/" + id + "/versions").body();
                JsonNode latest = versions.get(versions.size() - 1);
                assertThat(latest.get("tier").asText()).isEqualTo(tier.wireName());
                long readStart = System.nanoTime();
                Api.Reply snapshot = store.get("/v1/snapshots/" + id);
                long readMicros = (System.nanoTime() - readStart) / 1_000;
                assertThat(snapshot.status()).isEqualTo(200);
                if (measured) {
                    storeRead.get(tier).add(readMicros);
                    storedBytes.put(tier, latest.get("storedBytes").asLong());
                    plaintextBytes = snapshot.raw().length();
                    heavySnapshot = snapshot.raw().getBytes(StandardCharsets.UTF_8);
                }

                // Resumed after some idle time, when the worker has refilled its pre-warmed contexts.
                Thread.sleep(RESUME_AFTER_MILLIS);
                long start = System.nanoTime();
                Api.Reply resumed = registry.post("/v1/sessions/" + id + "/resume", "");
                long micros = (System.nanoTime() - start) / 1_000;
                assertThat(resumed.status()).as(resumed.raw()).isEqualTo(200);
                if (measured) {
                    resume.get(tier).add(micros);
                }
                JsonNode cookies = registry.act(id, "{\"type\":\"evaluate\",\"expression\":"
                        + "\"() => [document.cookie.split(';').length, JSON.stringify(localStorage).length]\"}")
                        .get("result");
                assertThat(cookies.get(0).asInt()).isEqualTo(50);
                assertThat(cookies.get(1).asInt()).isGreaterThan(100_000);
                assertThat(registry.delete("/v1/sessions/" + id).status()).isEqualTo(204);
            }
        }

        Map<HibernationTier, Double> writesPerSecond = new EnumMap<>(HibernationTier.class);
        SessionSnapshot template = ProtocolJson.decode(heavySnapshot, SessionSnapshot.class);
        for (HibernationTier tier : HibernationTier.values()) {
            writesPerSecond.put(tier, writeThroughput(store, template, tier));
        }

        double hotResume = Stats.percentile(resume.get(HibernationTier.HOT), 50);
        double hotRead = Stats.percentile(storeRead.get(HibernationTier.HOT), 50);
        StringBuilder report = new StringBuilder(String.format("BENCHMARK snapshot tiers: a session with 50 cookies "
                + "and 100 KB of localStorage (%d bytes of snapshot JSON), %d rounds per tier after %d warm-up, "
                + "resumed %d ms after hibernating; hot is the baseline", plaintextBytes, ROUNDS, WARMUP,
                RESUME_AFTER_MILLIS));
        for (HibernationTier tier : HibernationTier.values()) {
            List<Long> r = resume.get(tier);
            List<Long> read = storeRead.get(tier);
            report.append(String.format("%n  %-4s resume p50 %7.1f ms  p99 %7.1f ms (%.2fx hot) | store read p50 %5.1f"
                    + " ms  p99 %5.1f ms (%.2fx hot) | stored %6d bytes (%.1f%% of the JSON) | writes %6.1f/s",
                    tier.wireName(), Stats.percentile(r, 50) / 1000.0, Stats.percentile(r, 99) / 1000.0,
                    Stats.percentile(r, 50) / hotResume, Stats.percentile(read, 50) / 1000.0,
                    Stats.percentile(read, 99) / 1000.0, Stats.percentile(read, 50) / hotRead, storedBytes.get(tier),
                    100.0 * storedBytes.get(tier) / plaintextBytes, writesPerSecond.get(tier)));
        }
        report.append(String.format("%n  writes: %d snapshots per tier by %d concurrent clients, each a new version "
                + "sealed (gzip + AES-256-GCM) and durable before the reply", WRITES, WRITERS));
        LOG.log(System.Logger.Level.INFO, report.toString());
    }

    /** Snapshots written per second into {@code tier}, each under a session of its own, by concurrent clients. */
    private static double writeThroughput(Api store, SessionSnapshot template, HibernationTier tier)
            throws Exception {
        List<byte[]> bodies = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        SessionSpec spec = new SessionSpec(template.spec().profile(), template.spec().viewport(), null, null, null,
                null, tier);
        for (int i = 0; i < WRITES; i++) {
            SessionId id = SessionId.random();
            ids.add(id.value());
            bodies.add(ProtocolJson.encodeBytes(new SessionSnapshot(SessionSnapshot.FORMAT_VERSION, id, Instant.now(),
                    spec, template.cookies(), template.origins(), template.pages(), template.activePageIndex(),
                    template.extraHttpHeaders(), List.of())));
        }
        long start = System.nanoTime();
        try (ExecutorService clients = Executors.newFixedThreadPool(WRITERS)) {
            List<Future<Integer>> writes = new ArrayList<>();
            for (int i = 0; i < WRITES; i++) {
                int index = i;
                writes.add(clients.submit(() -> store.put("/v1/snapshots/" + ids.get(index),
                        new String(bodies.get(index), StandardCharsets.UTF_8)).status()));
            }
            for (Future<Integer> write : writes) {
                assertThat(write.get()).isEqualTo(200);
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        for (String id : ids) {
            store.delete("/v1/snapshots/" + id);
        }
        return WRITES / seconds;
    }
}
