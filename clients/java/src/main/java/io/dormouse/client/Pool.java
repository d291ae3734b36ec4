package io.dormouse.client;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;

/** Hands sessions out atomically: concurrent checkouts, from any number of clients, never get the same one. */
public final class Pool {
    private final DormouseClient client;

    Pool(DormouseClient client) {
        this.client = client;
    }

    /** A checked-out session; {@link #close()} releases it, as does the lease running out. */
    public final class Lease implements AutoCloseable {
        private final String leaseId;
        private final String leasedUntil;
        private final Session session;
        private boolean released;

        private Lease(JsonNode body) {
            this.leaseId = body.path("leaseId").asText();
            this.leasedUntil = body.path("leasedUntil").asText();
            this.session = new Session(client, SessionInfo.of(body.path("session")));
        }

        public String leaseId() {
            return leaseId;
        }

        public String leasedUntil() {
            return leasedUntil;
        }

        public Session session() {
            return session;
        }

        public boolean released() {
            return released;
        }

        @Override
        public synchronized void close() {
            if (!released) {
                release(session, leaseId);
                released = true;
            }
        }
    }

    /**
     * Leases the least recently active free session carrying {@code tags}, for {@code leaseSeconds} (null: the
     * registry's default); {@link DormouseException.NoFreeSession} when none is free.
     *
     * <pre>
     * try (Pool.Lease lease = client.pool().checkout(List.of("pool"), 300)) {
     *     lease.session().activePage().navigate(url);
     * }
     * </pre>
     */
    public Lease checkout(List<String> tags, Integer leaseSeconds) {
        return tryCheckout(tags, leaseSeconds).orElseThrow(() -> new DormouseException.NoFreeSession(
                "no free session carries the tags " + tags));
    }

    public Optional<Lease> tryCheckout(List<String> tags, Integer leaseSeconds) {
        Map<String, Object> body = new HashMap<>();
        body.put("tags", tags);
        if (leaseSeconds != null) {
            body.put("leaseSeconds", leaseSeconds);
        }
        Http.Reply reply = client.http().send("POST", "/v1/pool/checkout", body);
        return reply.status() == 204 || reply.body().isMissingNode()
                ? Optional.empty()
                : Optional.of(new Lease(reply.body()));
    }

    public SessionInfo release(Session session, String leaseId) {
        Map<String, Object> body = new HashMap<>();
        body.put("id", session.id().value());
        if (leaseId != null) {
            body.put("leaseId", leaseId);
        }
        return SessionInfo.of(client.http().send("POST", "/v1/pool/release", body).body());
    }
}
