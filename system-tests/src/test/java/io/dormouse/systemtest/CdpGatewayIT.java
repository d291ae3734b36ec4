package io.dormouse.systemtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.StreamSupport;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;

/**
 * Agents bring their own tools: Playwright for Java connects to a session through the CDP gateway with nothing but
 * the connect URL, logs in to a site, lets go, and finds the session still logged in after it hibernated. Raw CDP
 * messages then attack the confinement: another session's pages, browser-wide commands, local files and the stack's
 * ports stay out of reach.
 */
class CdpGatewayIT {
    private static DormouseStack stack;
    private static TestSite site;
    private static Api operator;
    private static Api acme;
    private static Api mallory;
    private static String acmeKey;
    private static String malloryKey;
    private static Playwright playwright;
    private static final List<Map.Entry<Api, String>> CREATED = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        stack = DormouseStack.shared();
        site = new TestSite();
        operator = new Api(stack.registry().baseUrl());
        acmeKey = operator.tenantKey("acme-" + UUID.randomUUID().toString().substring(0, 8));
        acme = Api.as(stack.registry().baseUrl(), acmeKey);
        malloryKey = operator.tenantKey("mallory-" + UUID.randomUUID().toString().substring(0, 8));
        mallory = Api.as(stack.registry().baseUrl(), malloryKey);
        playwright = Playwright.create(new Playwright.CreateOptions()
                .setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
    }

    @AfterAll
    static void stop() throws Exception {
        for (Map.Entry<Api, String> session : CREATED) {
            session.getKey().delete("/v1/sessions/" + session.getValue());
        }
        if (playwright != null) {
            playwright.close();
        }
        site.close();
    }

    @Test
    void playwrightLogsInThroughTheGatewayAndFindsTheLoginAfterHibernation() throws Exception {
        String id = session(acme);
        String cdpUrl = connectUrl(acme, id);
        assertThat(cdpUrl).startsWith("ws://").contains("/v1/sessions/" + id + "/cdp?token=");

        Browser browser = playwright.chromium().connectOverCDP(cdpUrl);
        assertThat(browser.contexts()).hasSize(1);
        BrowserContext context = browser.contexts().get(0);
        Page page = context.pages().isEmpty() ? context.newPage() : context.pages().get(0);
        page.navigate(site.url("/login"));
        page.fill("#user", "alice");
        page.click("#submit");
        page.waitForURL("**/app");
        assertThat(page.textContent("#user")).isEqualTo("alice");
        // Playwright's own calls work on the session: cookies, a second page in the session's context.
        assertThat(context.cookies()).anySatisfy(cookie -> assertThat(cookie.name).isEqualTo("sid"));
        Page second = context.newPage();
        second.navigate(site.url("/plain.html"));
        // At once, the same session over HTTP sees the tab the client opened and where it went (the worker's own
        // Playwright hears of what a CDP client did only when it asks the browser something).
        JsonNode tabs = acme.completed(id, "{\"type\":\"listPages\"}").path("result");
        assertThat(StreamSupport.stream(tabs.path("pages").spliterator(), false).map(tab -> tab.path("url").asText()))
                .as(tabs.toString()).anySatisfy(url -> assertThat(url).endsWith("/app"))
                .anySatisfy(url -> assertThat(url).endsWith("/plain.html"));
        second.close();

        // The same session over HTTP sees where the client left it.
        assertThat(acme.completed(id, "{\"type\":\"url\"}").path("result").asText()).endsWith("/app");

        // Closing the browser from the client only disconnects: the session lives on.
        browser.close();
        assertThat(acme.get("/v1/sessions/" + id).get("state").asText()).isEqualTo("ACTIVE");
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(historyTypes(acme, id))
                .contains("CdpClientConnected", "CdpClientDisconnected"));

        Api.Reply hibernated = acme.post("/v1/sessions/" + id + "/hibernate", "");
        assertThat(hibernated.status()).as(hibernated.raw()).isEqualTo(200);
        assertThat(acme.get("/v1/sessions/" + id).get("state").asText()).isEqualTo("HIBERNATED");

        // The same URL wakes it: the page, still logged in on the server's session cookie.
        Browser again = playwright.chromium().connectOverCDP(cdpUrl);
        try {
            BrowserContext restored = again.contexts().get(0);
            Page app = restored.pages().stream().filter(p -> p.url().endsWith("/app")).findFirst().orElseThrow(
                    () -> new AssertionError("no /app page after the wake: " + restored.pages().stream()
                            .map(Page::url).toList()));
            assertThat(app.textContent("#user")).isEqualTo("alice");
            assertThat(acme.get("/v1/sessions/" + id).get("state").asText()).isEqualTo("ACTIVE");
        } finally {
            again.close();
        }
    }

    @Test
    void puppeteerLogsInThroughTheGatewayAndFindsTheLoginAfterHibernation() throws Exception {
        String id = session(acme);
        String cdpUrl = connectUrl(acme, id);
        JsonNode login = puppeteer("login", cdpUrl, site.url(""), "bob");
        assertThat(login.path("url").asText()).endsWith("/app");
        assertThat(login.path("user").asText()).isEqualTo("bob");
        // browser.close() from Puppeteer left the session alive.
        assertThat(acme.get("/v1/sessions/" + id).get("state").asText()).isEqualTo("ACTIVE");

        Api.Reply hibernated = acme.post("/v1/sessions/" + id + "/hibernate", "");
        assertThat(hibernated.status()).as(hibernated.raw()).isEqualTo(200);
        JsonNode check = puppeteer("check", cdpUrl);
        assertThat(check.path("user").asText()).as(check.toString()).isEqualTo("bob");
    }

    /** Runs the Puppeteer script with the machine's Node.js and returns the JSON line it printed. */
    private static JsonNode puppeteer(String... args) throws Exception {
        Path scripts = Path.of(System.getProperty("dormouse.root", "..")).resolve("system-tests/src/test/node");
        assertThat(scripts.resolve("node_modules/puppeteer-core")).as("puppeteer-core is installed by .ci/run and"
                + " ./dormouse test (npm ci in system-tests/src/test/node)").exists();
        List<String> command = new java.util.ArrayList<>(List.of("node", "puppeteer-session.mjs"));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).directory(scripts.toFile()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        String last = output.strip().lines().reduce((first, second) -> second).orElse("{}");
        return new com.fasterxml.jackson.databind.ObjectMapper().readTree(last);
    }

    @Test
    void aClientSeesAndReachesOnlyItsOwnSession() throws Exception {
        String mine = session(acme);
        String theirs = session(mallory);
        mallory.completed(theirs, Api.navigate(site.url("/echo/mallory-secret")));
        try (CdpSocket victim = CdpSocket.open(connectUrl(mallory, theirs));
                CdpSocket attacker = CdpSocket.open(connectUrl(acme, mine))) {
            JsonNode theirTargets = victim.call("Target.getTargets", null).path("result").path("targetInfos");
            assertThat(theirTargets).isNotEmpty();
            String theirTarget = theirTargets.get(0).path("targetId").asText();
            String theirContext = theirTargets.get(0).path("browserContextId").asText();

            JsonNode targets = attacker.call("Target.getTargets", null).path("result").path("targetInfos");
            assertThat(targets).isNotEmpty();
            assertThat(targets).allSatisfy(target -> {
                assertThat(target.path("targetId").asText()).isNotEqualTo(theirTarget);
                assertThat(target.path("url").asText()).doesNotContain("mallory-secret");
            });
            String myContext = targets.get(0).path("browserContextId").asText();
            assertThat(myContext).isNotEqualTo(theirContext);

            // Discovery and auto-attach announce only the attacker's own targets.
            attacker.call("Target.setDiscoverTargets", CdpSocket.params().put("discover", true));
            attacker.call("Target.setAutoAttach", CdpSocket.params().put("autoAttach", true)
                    .put("waitForDebuggerOnStart", false).put("flatten", true));
            mallory.completed(theirs, "{\"type\":\"newPage\",\"url\":\"" + site.url("/echo/mallory-second") + "\"}");
            // What the attacker would hear of it arrives within the new page's load; a second and a half is ample.
            TimeUnit.MILLISECONDS.sleep(1500);
            assertThat(attacker.events).isNotEmpty().allSatisfy(event -> {
                assertThat(event.toString()).doesNotContain("mallory-", theirTarget, theirContext);
            });
            List<String> attached = attacker.events.stream()
                    .filter(event -> event.path("method").asText().equals("Target.attachedToTarget"))
                    .map(event -> event.path("params").path("targetInfo").path("browserContextId").asText()).toList();
            assertThat(attached).isNotEmpty().containsOnly(myContext);

            // Attaching to their page, or acting on their context, fails.
            assertRefused(attacker.call("Target.attachToTarget", CdpSocket.params().put("targetId", theirTarget)
                    .put("flatten", true)));
            assertRefused(attacker.call("Target.closeTarget", CdpSocket.params().put("targetId", theirTarget)));
            assertRefused(attacker.call("Target.createTarget", CdpSocket.params().put("url", "about:blank")
                    .put("browserContextId", theirContext)));
            assertRefused(attacker.call("Target.disposeBrowserContext", CdpSocket.params()
                    .put("browserContextId", theirContext)));
            assertRefused(attacker.call("Target.createBrowserContext", null));
            assertRefused(attacker.call("Storage.getCookies", CdpSocket.params().put("browserContextId",
                    theirContext)));
            for (String browserWide : List.of("Browser.getBrowserCommandLine", "Browser.crash", "SystemInfo.getInfo",
                    "Tracing.start", "Target.attachToBrowserTarget", "Target.exposeDevToolsProtocol",
                    "Memory.getBrowserSamplingProfile")) {
                assertRefused(attacker.call(browserWide, null));
            }
            JsonNode downloads = attacker.call("Browser.setDownloadBehavior", CdpSocket.params()
                    .put("behavior", "allow").put("downloadPath", "/tmp"));
            assertThat(downloads.has("result")).as(downloads.toString()).isTrue();

            // Local files and the stack's own ports stay out of reach of CDP navigation too.
            String page = attachedSession(attacker);
            for (String url : List.of("file:///etc/passwd", "FILE:///etc/passwd", " file:/etc/passwd",
                    "view-source:file:///etc/passwd", "chrome://version", "javascript:alert(1)")) {
                assertRefused(attacker.call(page, "Page.navigate", CdpSocket.params().put("url", url)));
                assertRefused(attacker.call("Target.createTarget", CdpSocket.params().put("url", url)));
            }
            JsonNode stackPort = attacker.call(page, "Page.navigate", CdpSocket.params()
                    .put("url", stack.registry().baseUrl() + "/q/health"));
            // The egress proxy answers in the registry's place: its refusal, never the registry's health report.
            assertThat(stackPort.has("result")).as(stackPort.toString()).isTrue();
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(attacker.call(page,
                    "Runtime.evaluate", CdpSocket.params().put("expression", "document.documentElement.innerText"))
                    .path("result").path("result").path("value").asText()).contains("own services")
                    .doesNotContain("checks"));
            assertRefused(attacker.call(page, "DOM.setFileInputFiles", CdpSocket.params()
                    .set("files", CdpSocket.params().arrayNode().add("/etc/passwd"))));
            assertRefused(attacker.call(page, "Network.loadNetworkResource", CdpSocket.params()
                    .put("url", "file:///etc/passwd")));

            // Browser.close disconnects the attacker and nothing else.
            attacker.call("Browser.close", null);
            assertThat(attacker.closed.get(10, TimeUnit.SECONDS)).isEqualTo(1000);
            assertThat(victim.call("Target.getTargets", null).path("result").path("targetInfos")).isNotEmpty();
            assertThat(acme.get("/v1/sessions/" + mine).get("state").asText()).isEqualTo("ACTIVE");
            assertThat(mallory.get("/v1/sessions/" + theirs).get("state").asText()).isEqualTo("ACTIVE");
        }
    }

    @Test
    void aConnectionNeedsACredentialForThatSession() throws Exception {
        String mine = session(acme);
        String theirs = session(mallory);
        String base = stack.registry().baseUrl().replace("http://", "ws://");
        // Another tenant's key, no credential, a forged or foreign ticket: refused before the upgrade.
        assertThat(refusal(base + "/v1/sessions/" + mine + "/cdp", malloryKey)).isEqualTo(404);
        assertThat(refusal(base + "/v1/sessions/" + mine + "/cdp", null)).isEqualTo(401);
        String ticket = connectUrl(mallory, theirs).replaceAll(".*token=", "");
        assertThat(refusal(base + "/v1/sessions/" + mine + "/cdp?token=" + ticket, null)).isEqualTo(401);
        assertThat(refusal(base + "/v1/sessions/" + mine + "/cdp?token=" + ticket.substring(0, ticket.length() - 2)
                + "AA", null)).isEqualTo(401);
        assertThat(mallory.post("/v1/sessions/" + mine + "/connect", "").status()).isEqualTo(404);
        // The worker's own endpoint takes nothing but the gateway's token.
        String worker = stack.workers().get(0).baseUrl().replace("http://", "ws://");
        assertThat(refusal(worker + "/internal/cdp/" + mine, acmeKey)).isEqualTo(401);
        // The owner's API key works as a bearer token.
        try (CdpSocket socket = CdpSocket.open(base + "/v1/sessions/" + mine + "/cdp", acmeKey)) {
            assertThat(socket.call("Browser.getVersion", null).path("result").path("product").asText())
                    .contains("Chrome");
        }
    }

    private static int refusal(String url, String key) {
        try {
            CdpSocket.open(url, key).close();
        } catch (CdpSocket.Refused refused) {
            return refused.status;
        }
        throw new AssertionError(url + " was not refused");
    }

    private static String attachedSession(CdpSocket socket) throws InterruptedException {
        JsonNode targets = socket.call("Target.getTargets", null).path("result").path("targetInfos");
        String target = StreamSupport.stream(targets.spliterator(), false)
                .filter(info -> info.path("type").asText().equals("page")).findFirst().orElseThrow()
                .path("targetId").asText();
        JsonNode attached = socket.call("Target.attachToTarget", CdpSocket.params().put("targetId", target)
                .put("flatten", true));
        return attached.path("result").path("sessionId").asText();
    }

    private static void assertRefused(JsonNode response) {
        assertThat(response.has("error")).as("expected a refusal, got " + response).isTrue();
    }

    private static List<String> historyTypes(Api api, String id) throws Exception {
        JsonNode entries = api.get("/v1/sessions/" + id + "/history?limit=200").body();
        JsonNode items = entries.isArray() ? entries : entries.path("entries");
        return StreamSupport.stream(items.spliterator(), false).map(entry -> entry.path("type").asText()).toList();
    }

    private static String connectUrl(Api api, String id) throws Exception {
        Api.Reply connect = api.post("/v1/sessions/" + id + "/connect", "");
        assertThat(connect.status()).as(connect.raw()).isEqualTo(200);
        return connect.get("cdpUrl").asText();
    }

    private static String session(Api api) throws Exception {
        Api.Reply created = api.post("/v1/sessions", "{\"profile\":\"p\"}");
        assertThat(created.status()).as(created.raw()).isEqualTo(201);
        CREATED.add(Map.entry(api, created.get("id").asText()));
        return created.get("id").asText();
    }
}
