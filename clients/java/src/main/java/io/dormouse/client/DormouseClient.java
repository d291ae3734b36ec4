package io.dormouse.client;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.dormouse.protocol.HibernationTier;
import io.dormouse.protocol.ProtocolJson;
import io.dormouse.protocol.SessionId;
import io.dormouse.protocol.SessionSpec;
import io.dormouse.protocol.TierPolicy;

/**
 * The Dormouse HTTP API from Java: sessions, listings, tags, the pool and the hibernation tiers of one registry.
 * Thread-safe. {@code DORMOUSE_URL} and {@code DORMOUSE_API_KEY} unless the builder names them.
 *
 * <pre>
 * DormouseClient client = DormouseClient.fromEnvironment();
 * Session session = client.createSession(SessionSpec.ofProfile("agent"), List.of("demo"));
 * session.activePage().navigate("https://example.com");
 * </pre>
 */
public final class DormouseClient {
    /** The version of the HTTP API this client speaks; the registry names its own in {@code Dormouse-Api-Version}. */
    public static final String API_VERSION = Http.API_VERSION;
    public static final String DEFAULT_URL = "http://localhost:8100";

    private final Http http;
    private final int retries;
    private final Pool pool;

    private DormouseClient(Builder builder) {
        this.http = new Http(URI.create(builder.url), builder.apiKey, builder.timeout);
        this.retries = builder.retries;
        this.pool = new Pool(this);
    }

    public static DormouseClient fromEnvironment() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Where the client goes and how: every setting defaults to the environment or a sensible value. */
    public static final class Builder {
        private String url = System.getenv().getOrDefault("DORMOUSE_URL", DEFAULT_URL);
        private String apiKey = System.getenv("DORMOUSE_API_KEY");
        private Duration timeout = Duration.ofSeconds(60);
        private int retries = 2;

        public Builder url(String url) {
            this.url = url;
            return this;
        }

        public Builder apiKey(String apiKey) {
            this.apiKey = apiKey;
            return this;
        }

        /** Bounds calls that are not actions; an action gets its own timeout plus a margin. */
        public Builder timeout(Duration timeout) {
            this.timeout = timeout;
            return this;
        }

        /** How many times an action is sent again, with the same command id, when no answer came in time. */
        public Builder retries(int retries) {
            this.retries = retries;
            return this;
        }

        public DormouseClient build() {
            return new DormouseClient(this);
        }
    }

    Http http() {
        return http;
    }

    int retries() {
        return retries;
    }

    public Pool pool() {
        return pool;
    }

    /** A new session (state CREATED: its browser context is made by its first action or resume). */
    public Session createSession(SessionSpec spec, List<String> tags) {
        ObjectNode body = ProtocolJson.mapper().valueToTree(spec);
        body.set("tags", ProtocolJson.mapper().valueToTree(tags));
        body.remove("health");
        return new Session(this, SessionInfo.of(http.send("POST", "/v1/sessions", body).body()));
    }

    /** The session {@code id}, active: a hibernated one is rehydrated with its tabs, cookies and storages. */
    public Session resumeSession(SessionId id) {
        return session(id).resume();
    }

    /**
     * A handle on the session {@code id} without asking the registry: for acting on a session whose id was stored;
     * its {@link Session#info()} knows only the id until {@link Session#refresh()}.
     */
    public Session session(SessionId id) {
        return new Session(this, new SessionInfo(id, "", null, List.of(), null, null, null, null, null, null));
    }

    /** The session as it is, without waking it. */
    public Session getSession(SessionId id) {
        return new Session(this, SessionInfo.of(http.get("/v1/sessions/" + id.value(), Map.of()).body()));
    }

    /**
     * Every session carrying all of {@code tags} (and in one of {@code states}, when any are named), read page by page
     * through the cursor as the stream is consumed; keyset pages, so none shifts or repeats.
     */
    public Stream<SessionInfo> listSessions(List<String> tags, List<String> states) {
        return Paging.stream(cursor -> {
            Http.Reply reply = http.get("/v1/sessions", Http.query("tags", tags.isEmpty()
                    ? null
                    : String.join(",",
                            tags),
                    "state", states.isEmpty() ? null : String.join(",", states), "limit", 100, "cursor",
                    cursor));
            List<SessionInfo> page = new ArrayList<>();
            reply.body().forEach(view -> page.add(SessionInfo.of(view)));
            return new Paging.Page<>(page, reply.header("Dormouse-Next-Cursor"));
        });
    }

    /** Replaces a session's tags. */
    public SessionInfo updateSessionTags(SessionId id, List<String> tags) {
        return SessionInfo.of(http.send("PUT", "/v1/sessions/" + id.value() + "/tags", Map.of("tags", tags)).body());
    }

    public void deleteSession(SessionId id) {
        http.send("DELETE", "/v1/sessions/" + id.value(), null);
    }

    /** How a command ended: {@code {status: PENDING | COMPLETED | FAILED, outcome}}. */
    public JsonNode command(String commandId) {
        return http.get("/v1/commands/" + commandId, Map.of()).body();
    }

    public Map<HibernationTier, TierPolicy> hibernationTiers() {
        Map<HibernationTier, TierPolicy> tiers = new HashMap<>();
        http.get("/v1/hibernation/tiers", Map.of()).body().fields().forEachRemaining(tier -> tiers.put(
                HibernationTier.fromWire(tier.getKey()), ProtocolJson.mapper().convertValue(tier.getValue(),
                        TierPolicy.class)));
        return tiers;
    }

    /** Changes the tiers named (an operator key); the others keep theirs. */
    public Map<HibernationTier, TierPolicy> configureHibernation(Map<HibernationTier, TierPolicy> tiers) {
        Map<String, TierPolicy> body = new HashMap<>();
        tiers.forEach((tier, policy) -> body.put(tier.wireName(), policy));
        http.send("PUT", "/v1/hibernation/tiers", body);
        return hibernationTiers();
    }
}
