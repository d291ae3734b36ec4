package io.dormouse.systemtest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.dormouse.protocol.KafkaClientSecurity;
import io.dormouse.protocol.ProtocolJson;

/**
 * The stack as an attacker meets it: a tenant with a valid key, and the hostile pages its agent is steered to, against
 * real Chromium on a real worker. Each test tries to get in (a local file, the store's snapshots, a stack port, another
 * tenant's command, the monitor) and asserts it cannot. Kafka's trust boundary is its own suite.
 */
class SecurityIT {
    private static final String SECRET = "secret-" + UUID.randomUUID();
    private static DormouseStack stack;
    private static TestSite site;
    private static Api operator;
    private static Api acme;
    private static Api mallory;
    private static String acmeKey;
    private static Path secretFile;

    @BeforeAll
    static void start() throws Exception {
        stack = DormouseStack.shared();
        site = new TestSite();
        operator = new Api(stack.registry().baseUrl());
        acmeKey = operator.tenantKey("acme-" + UUID.randomUUID().toString().substring(0, 8));
        acme = Api.as(stack.registry().baseUrl(), acmeKey);
        mallory = Api.as(stack.registry().baseUrl(),
                operator.tenantKey("mallory-" + UUID.randomUUID().toString().substring(0,
                        8)));
        // As ./dormouse up keeps its tokens: a file only its owner may read.
        secretFile = Files.createTempFile(stack.snapshotDirectory.getParent(), "store-token", "",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(secretFile, SECRET);
    }

    /** Sessions this class made, deleted afterwards so later tests find the shared worker without our contexts. */
    private static final List<Map.Entry<Api, String>> CREATED = new CopyOnWriteArrayList<>();

    @AfterAll
    static void stop() throws Exception {
        for (Map.Entry<Api, String> session : CREATED) {
            session.getKey().delete("/v1/sessions/" + session.getValue());
        }
        site.close();
        Files.deleteIfExists(secretFile);
    }

    @Test
    void noSpellingOfALocalUrlOpens() throws Exception {
        String id = session(mallory);
        String file = secretFile.toUri().toString();
        List<String> spellings = List.of(file, file + "#{", "fi\tle://" + secretFile, "\u0001" + file,
                "file:" + secretFile + "?a=|", " FILE://" + secretFile, "file://localhost" + secretFile,
                "\nf\ri\tl\te:" + secretFile, "chrome://version/{", "chrome://settings", "view-source:"
                        + site.url("/plain.html") + "{",
                "view-source:" + file, "vIeW-sOuRcE:fIlE://" + secretFile, "javascript:document.title",
                "devtools://devtools/bundled/inspector.html", "chrome-extension://abc/x.html", "about:version",
                "blob:file:///x", "filesystem:file:///temporary/x", secretFile.toString(), "//" + secretFile);
        List<String> actions = new ArrayList<>();
        spellings.forEach(url -> actions.add(navigate(url)));
        // A new tab takes the same check; a few spellings show it.
        spellings.subList(0, 5).forEach(url -> actions.add("{\"type\":\"newPage\",\"url\":" + json(url) + "}"));
        for (String action : actions) {
            Api.Reply reply = mallory.act(id, action);
            assertThat(reply.status()).as(action).isEqualTo(200);
            assertThat(reply.get("status").asText()).as(action).isEqualTo("failed");
            assertThat(reply.get("error").path("code").asText()).as(action).isEqualTo("policy-denied");
        }
        // A page steering itself to a file (the renderer's own navigation) reaches nothing an agent can read.
        mallory.completed(id, navigate(site.url("/plain.html")));
        mallory.act(id, "{\"type\":\"evaluate\",\"expression\":\"() => { location.href = " + json(file).replace("\"",
                "'") + "; return 1; }\"}");
        Thread.sleep(500);
        Api.Reply read = mallory.act(id, "{\"type\":\"evaluate\",\"expression\":\"() => document.body.innerText\"}");
        assertThat(read.raw()).doesNotContain(SECRET);
        assertThat(mallory.completed(id, "{\"type\":\"listPages\"}").toString()).doesNotContain("file:");
    }

    @Test
    void theChainFromAFileToAnotherTenantsSnapshotIsBroken() throws Exception {
        String victim = session(acme);
        acme.completed(victim, navigate(site.url("/plain.html")));
        acme.completed(victim, "{\"type\":\"addCookies\",\"cookies\":[{\"name\":\"sid\",\"value\":\"" + SECRET
                + "\",\"url\":\"" + site.origin() + "\"}]}");
        assertThat(acme.post("/v1/sessions/" + victim + "/hibernate", "").status()).isEqualTo(200);

        String attacker = session(mallory);
        // Step 1 of the reported chain, reading the token file, is refused (above); suppose the token leaked anyway.
        mallory.completed(attacker, "{\"type\":\"setExtraHttpHeaders\",\"headers\":{\"Authorization\":\"Bearer "
                + DormouseStack.STORE_TOKEN + "\"}}");
        String snapshot = stack.store().baseUrl() + "/v1/snapshots/" + victim;
        Api.Reply navigated = mallory.act(attacker, navigate(snapshot));
        assertThat(navigated.get("error").path("code").asText()).isEqualTo("policy-denied");
        assertThat(navigated.raw()).doesNotContain(SECRET);
        assertThat(mallory.completed(attacker, "{\"type\":\"content\"}").toString()).doesNotContain(SECRET);
    }

    @Test
    void pagesReachNoPortOfTheStackAndNoPrivateNetwork() throws Exception {
        String id = session(mallory);
        mallory.completed(id, navigate(site.url("/plain.html")));
        List<String> targets = new ArrayList<>();
        for (String endpoint : stack.stackEndpoints) {
            int port = Integer.parseInt(endpoint.substring(endpoint.lastIndexOf(':') + 1));
            targets.add("http://127.0.0.1:" + port + "/");
            targets.add("http://localhost:" + port + "/");
        }
        // Every other spelling of this machine, on the registry's port.
        for (String host : List.of("[::1]", "0.0.0.0", "2130706433", "127.1", "0x7f.0.0.1", "127.0.0.2")) {
            targets.add("http://" + host + ":" + stack.registry().port + "/");
        }
        machineAddress().ifPresent(address -> targets.add("http://" + address + ":" + stack.registry().port + "/"));
        targets.addAll(List.of("http://169.254.169.254/latest/meta-data/", "http://10.0.0.1/", "http://192.168.1.1/",
                "http://172.16.0.1/", "http://100.64.0.1/", "http://[fd00::1]/", "http://[fe80::1]/"));
        for (String target : targets) {
            Api.Reply reply = mallory.act(id, navigate(target));
            assertThat(reply.get("error").path("code").asText()).as(target).isEqualTo("policy-denied");
        }
        // The developer's own pages on loopback still load on the local stack.
        assertThat(mallory.completed(id, navigate(site.url("/plain.html"))).path("result").path("status").asInt())
                .isEqualTo(200);
    }

    @Test
    void aSessionProxyInADeniedRangeIsRefused() throws Exception {
        for (String proxy : List.of("http://169.254.169.254:80", "http://10.1.2.3:3128",
                "http://127.0.0.1:" + stack.registry().port, "socks5://127.0.0.1:" + stack.store().port)) {
            String id = mallory.post("/v1/sessions", "{\"profile\":\"p\",\"proxy\":{\"server\":\"" + proxy + "\"}}")
                    .get("id").asText();
            Api.Reply reply = mallory.act(id, navigate(site.url("/plain.html")));
            assertThat(reply.get("error").path("code").asText()).as(proxy).isEqualTo("policy-denied");
            assertThat(reply.get("error").path("message").asText()).as(proxy).contains("session's proxy");
            mallory.delete("/v1/sessions/" + id);
        }
    }

    @Test
    void anotherTenantsCommandIdGivesNothingAway() throws Exception {
        String acmeSession = session(acme);
        String mallorySession = session(mallory);
        String id = "cmd_" + UUID.randomUUID().toString().replace("-", "");
        JsonNode first = ProtocolJson.mapper().readTree(acme.act(acmeSession,
                "{\"type\":\"evaluate\",\"expression\":\"() => '" + SECRET + "'\"}", id).raw());
        assertThat(first.path("result").asText()).isEqualTo(SECRET);

        Api.Reply reused = mallory.act(mallorySession, "{\"type\":\"evaluate\",\"expression\":\"() => 'mine'\"}", id);
        assertThat(reused.raw()).doesNotContain(SECRET);
        assertThat(reused.get("result").asText()).isEqualTo("mine");
        assertThat(mallory.get("/v1/commands/" + id).raw()).doesNotContain(SECRET).contains(mallorySession);

        // Pre-empting an id acme will use: acme's command still runs, with its own result.
        String next = "cmd_" + UUID.randomUUID().toString().replace("-", "");
        mallory.act(mallorySession, "{\"type\":\"evaluate\",\"expression\":\"() => 'planted'\"}", next);
        Api.Reply acmes = acme.act(acmeSession, "{\"type\":\"evaluate\",\"expression\":\"() => 'acme ran'\"}", next);
        assertThat(acmes.get("result").asText()).isEqualTo("acme ran");
    }

    @Test
    void theMonitorAndTheStoreAnswerNoStranger() throws Exception {
        String id = session(acme);
        Api.Reply reply = acme.act(id, navigate(site.url("/plain.html")));
        assertThat(reply.get("status").asText()).isEqualTo("completed");
        Api anonymous = Api.as(stack.monitor().baseUrl(), null);
        Api tenantKey = Api.as(stack.monitor().baseUrl(), acmeKey);
        for (String path : List.of("/v1/health/overview", "/v1/workers", "/v1/sessions/" + id + "/metrics")) {
            assertThat(anonymous.get(path).status()).as(path).isEqualTo(401);
            assertThat(tenantKey.get(path).status()).as(path).isEqualTo(401);
        }
        assertThat(Api.monitor(stack).get("/v1/health/overview").status()).isEqualTo(200);
        assertThat(Api.as(stack.store().baseUrl(), acmeKey).get("/v1/snapshots/" + id).status()).isEqualTo(401);
        // Services listen on loopback only: from the machine's other addresses nothing answers.
        Optional<String> address = machineAddress();
        if (address.isPresent()) {
            for (ServiceProcess service : List.of(stack.registry(), stack.store(), stack.monitor())) {
                try (Socket socket = new Socket()) {
                    socket.connect(new InetSocketAddress(address.get(), service.port), 1000);
                    throw new AssertionError(service.name + " answers on " + address.get());
                } catch (IOException refused) {
                    // Refused, as wanted.
                }
            }
        }
    }

    @Test
    void aCatastrophicPatternDoesNotStallTheWorker() throws Exception {
        String slow = session(mallory);
        String other = session(acme);
        mallory.completed(slow, navigate(site.url("/echo/" + "a".repeat(40) + "!")));
        acme.completed(other, navigate(site.url("/plain.html")));
        // (a+)+ against forty a's and a '!' takes 2^40 steps to fail in a backtracking matcher.
        CompletableFuture<Api.Reply> waiting = CompletableFuture.supplyAsync(() -> {
            try {
                return mallory.post("/v1/sessions/" + slow + "/actions?timeoutMs=6000",
                        "{\"type\":\"waitForUrl\",\"regex\":\"[^a]*(a+)+\"}");
            } catch (IOException | InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        Thread.sleep(1000);
        JsonNode timed = acme.completed(other, "{\"type\":\"evaluate\",\"expression\":\"() => 6 * 7\"}");
        assertThat(timed.path("result").asInt()).isEqualTo(42);
        assertThat(waiting).as("the other session's action answered while the pattern was still waiting")
                .isNotDone();
        Api.Reply patient = waiting.get(30, TimeUnit.SECONDS);
        assertThat(patient.get("error").path("code").asText()).isEqualTo("timeout");
        // Patterns a linear-time matcher cannot run are refused up front.
        Api.Reply backreference = mallory.act(slow, "{\"type\":\"waitForUrl\",\"regex\":\"(a)\\\\1\"}");
        assertThat(backreference.status()).isEqualTo(400);
        assertThat(backreference.get("message").asText()).contains("RE2");
    }

    @Test
    void hugeResultsFailFastAndLargeOnesAreClaimChecked() throws Exception {
        String id = session(mallory);
        mallory.completed(id, navigate(site.url("/plain.html")));
        String commandId = "cmd_" + UUID.randomUUID().toString().replace("-", "");
        long started = System.nanoTime();
        Api.Reply huge = mallory.act(id,
                "{\"type\":\"evaluate\",\"expression\":\"() => 'x'.repeat(40 * 1024 * 1024)\"}",
                commandId);
        assertThat(huge.status()).isEqualTo(200);
        assertThat(huge.get("error").path("code").asText()).isEqualTo("result-too-large");
        assertThat(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started)).isLessThan(30);
        assertThat(mallory.get("/v1/commands/" + commandId).get("status").asText()).isEqualTo("FAILED");

        JsonNode large = mallory.completed(id, "{\"type\":\"evaluate\",\"expression\":\"() => 'y'.repeat(1000000)\"}")
                .path("result");
        assertThat(large.path("contentType").asText()).isEqualTo("application/json");
        Api.Reply claimed = mallory.get(large.path("href").asText());
        assertThat(claimed.status()).isEqualTo(200);
        assertThat(claimed.body().asText()).hasSize(1_000_000);
        // Another tenant cannot fetch it.
        assertThat(acme.get(large.path("href").asText()).status()).isEqualTo(404);
        // At rest it is sealed like a snapshot and readable by the store's user alone.
        Path artifact = stack.snapshotDirectory.resolve("artifacts").resolve(id)
                .resolve(large.path("artifactId").asText());
        assertThat(new String(Files.readAllBytes(artifact), StandardCharsets.ISO_8859_1))
                .doesNotContain("yyyyyyyyyyyyyyyy");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(artifact))).isEqualTo("rw-------");
    }

    @Test
    void aTenantAdminIsNoSuperuser() throws Exception {
        String tenant = "admin-" + UUID.randomUUID().toString().substring(0, 8);
        Api admin = Api.as(stack.registry().baseUrl(), operator.post("/v1/admin/keys", "{\"tenant\":\"" + tenant
                + "\",\"role\":\"ADMIN\"}").body().path("key").asText());
        assertThat(admin.post("/v1/admin/keys", "{\"tenant\":\"default\",\"role\":\"ADMIN\"}").status())
                .isEqualTo(403);
        assertThat(admin.post("/v1/admin/keys", "{\"role\":\"OPERATOR\"}").status()).isEqualTo(403);
        assertThat(admin.get("/v1/admin/keys?tenant=default").status()).isEqualTo(403);
        assertThat(admin.get("/v1/admin/census").status()).isEqualTo(403);
        assertThat(admin.put("/v1/hibernation/tiers", "{\"hot\":{\"maxIdleSeconds\":1,\"storage\":\"memory\"}}")
                .status()).isEqualTo(403);
        assertThat(admin.post("/v1/admin/kafka-credentials", "{\"tenant\":\"default\"}").status()).isEqualTo(403);
        // Its profile's auth probe runs JavaScript in its own tenant's pages only.
        assertThat(admin.put("/v1/profiles/p/health", "{\"authProbe\":{\"loggedInExpression\":\"() => true\"}}")
                .status()).isEqualTo(200);
        assertThat(mallory.get("/v1/profiles/p/health").status()).isEqualTo(404);
        assertThat(operator.get("/v1/profiles/p/health").status()).isEqualTo(404);
    }

    @Test
    void theBrowserRunsConfinedAndResultsDoNotLinger() throws Exception {
        long worker = stack.workers().get(0).pid();
        List<ProcessHandle> browsers = ProcessHandle.of(worker).orElseThrow().descendants()
                .filter(process -> process.info().command().orElse("").contains("chromium")
                        && process.parent().map(parent -> !parent.info().command().orElse("").contains("chromium"))
                                .orElse(false))
                .toList();
        assertThat(browsers).isNotEmpty();
        for (ProcessHandle browser : browsers) {
            String environment = Files.readString(Path.of("/proc", String.valueOf(browser.pid()), "environ"));
            assertThat(environment).doesNotContain("DORMOUSE_STORE_TOKEN", "DORMOUSE_KAFKA_PASSWORD",
                    "DORMOUSE_GATEWAY_TOKEN", DormouseStack.STORE_TOKEN, DormouseStack.GATEWAY_TOKEN);
            if (((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid")) == 0) {
                assertThat(Files.getAttribute(Path.of("/proc", String.valueOf(browser.pid())), "unix:uid"))
                        .as("a root worker's browser runs as another user").isNotEqualTo(0);
            }
        }
        // The results topic, which carries page content and cookie values, keeps them an hour.
        Map<String, Object> settings = new HashMap<>(KafkaClientSecurity.fromEnvironment());
        settings.put("bootstrap.servers", stack.kafkaBootstrap);
        try (Admin admin = Admin.create(settings)) {
            ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, stack.topic("results"));
            String retention = admin.describeConfigs(List.of(resource)).all().get().get(resource)
                    .get("retention.ms").value();
            assertThat(retention).isEqualTo(String.valueOf(Duration.ofHours(1).toMillis()));
        }
    }

    @Test
    void badSpecFieldsAreRefusedAndRevokedKeysStopAtOnce() throws Exception {
        for (String[] bad : new String[][]{
                {"{\"profile\":\"p\",\"userAgent\":\"A\\r\\nX-Evil: 1\"}", "userAgent"},
                {"{\"profile\":\"p\",\"locale\":\"../../etc\"}", "locale"},
                {"{\"profile\":\"p\",\"timezone\":\"Mars/Olympus\"}", "timezone"}}) {
            Api.Reply reply = mallory.post("/v1/sessions", bad[0]);
            assertThat(reply.status()).as(bad[0]).isEqualTo(400);
            assertThat(reply.get("message").asText()).contains(bad[1]).doesNotContain("java.", "Exception", "    at ");
        }
        String id = session(mallory);
        assertThat(mallory.post("/v1/sessions/" + id + "/actions?timeoutMs=abc", "{\"type\":\"url\"}").status())
                .isEqualTo(400);

        JsonNode issued = operator.post("/v1/admin/keys", "{\"tenant\":\"revoked-" + UUID.randomUUID().toString()
                .substring(0, 8) + "\"}").body();
        Api holder = Api.as(stack.registry().baseUrl(), issued.path("key").asText());
        assertThat(holder.get("/v1/sessions").status()).isEqualTo(200);
        assertThat(operator.delete("/v1/admin/keys/" + issued.path("id").asText()).status()).isEqualTo(204);
        assertThat(holder.get("/v1/sessions").status()).isEqualTo(401);
    }

    private static String session(Api api) throws Exception {
        Api.Reply created = api.post("/v1/sessions", "{\"profile\":\"p\"}");
        assertThat(created.status()).as(created.raw()).isEqualTo(201);
        CREATED.add(Map.entry(api, created.get("id").asText()));
        return created.get("id").asText();
    }

    private static String navigate(String url) {
        return "{\"type\":\"navigate\",\"url\":" + json(url) + "}";
    }

    private static String json(String text) {
        return ProtocolJson.encode(text);
    }

    /** A non-loopback IPv4 address of this machine, if it has one. */
    private static Optional<String> machineAddress() throws IOException {
        return Collections.list(NetworkInterface.getNetworkInterfaces()).stream()
                .flatMap(nic -> Collections.list(nic.getInetAddresses()).stream())
                .filter(address -> address instanceof Inet4Address && !address.isLoopbackAddress())
                .map(InetAddress::getHostAddress).findFirst();
    }

}
