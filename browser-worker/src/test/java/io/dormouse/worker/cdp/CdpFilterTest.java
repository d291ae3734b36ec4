package io.dormouse.worker.cdp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.dormouse.worker.policy.UrlJudge;

/** The filter's verdicts message by message, without a browser: what a hostile client sends, what it gets to hear. */
class CdpFilterTest {
    private final List<String> toBrowser = new ArrayList<>();
    private final List<String> toClient = new ArrayList<>();
    private boolean disconnected;
    private CdpFilter filter;

    @BeforeEach
    void setUp() {
        UrlJudge judge = new UrlJudge(Set.of("http", "https", "about", "data"));
        filter = new CdpFilter("MINE", judge::judge, new CdpFilter.Outbox() {
            @Override
            public void toBrowser(String message) {
                toBrowser.add(message);
            }

            @Override
            public void toClient(String message) {
                toClient.add(message);
            }

            @Override
            public void disconnect() {
                disconnected = true;
            }
        });
    }

    @Test
    void browserContextsAreHiddenAndNewTargetsOpenInTheSession() {
        filter.fromClient("{\"id\":1,\"method\":\"Target.getBrowserContexts\"}");
        assertThat(lastToClient().path("result").path("browserContextIds")).isEmpty();
        filter.fromClient("{\"id\":2,\"method\":\"Target.createTarget\",\"params\":{\"url\":\"about:blank\"}}");
        assertThat(lastToBrowser().path("params").path("browserContextId").asText()).isEqualTo("MINE");
        filter.fromBrowser("{\"id\":2,\"result\":{\"targetId\":\"T1\"}}");
        assertThat(filter.targets()).containsExactly("T1");
    }

    @Test
    void otherContextsTargetsAreNeverHeardOfAndAutoAttachLetsThemGo() {
        filter.fromBrowser(created("THEIRS-1", "THEIRS"));
        filter.fromBrowser(created("MINE-1", "MINE"));
        assertThat(toClient).hasSize(1).allSatisfy(message -> assertThat(message).contains("MINE-1"));
        filter.fromBrowser("{\"method\":\"Target.attachedToTarget\",\"params\":{\"sessionId\":\"S-THEIRS\","
                + "\"targetInfo\":{\"targetId\":\"THEIRS-1\",\"type\":\"page\",\"browserContextId\":\"THEIRS\"},"
                + "\"waitingForDebugger\":true}}");
        assertThat(toClient).hasSize(1);
        // Their paused page is resumed and detached at once, by the filter's own commands.
        assertThat(toBrowser).hasSize(2);
        assertThat(toBrowser.get(0)).contains("Runtime.runIfWaitingForDebugger", "S-THEIRS");
        assertThat(toBrowser.get(1)).contains("Target.detachFromTarget", "S-THEIRS");
        // Their session's events and a forged session id go nowhere.
        filter.fromBrowser("{\"method\":\"Page.frameNavigated\",\"sessionId\":\"S-THEIRS\",\"params\":{}}");
        assertThat(toClient).hasSize(1);
        filter.fromClient("{\"id\":3,\"sessionId\":\"S-THEIRS\",\"method\":\"Runtime.evaluate\",\"params\":{}}");
        assertThat(lastToClient().has("error")).isTrue();
        filter.fromClient("{\"id\":4,\"method\":\"Target.attachToTarget\",\"params\":{\"targetId\":\"THEIRS-1\","
                + "\"flatten\":true}}");
        assertThat(lastToClient().path("error").path("message").asText()).contains("No target");
    }

    @Test
    void getTargetsListsOnlyTheSessionsOwn() {
        filter.fromClient("{\"id\":5,\"method\":\"Target.getTargets\"}");
        filter.fromBrowser("{\"id\":5,\"result\":{\"targetInfos\":[{\"targetId\":\"A\",\"browserContextId\":\"MINE\"},"
                + "{\"targetId\":\"B\",\"browserContextId\":\"THEIRS\"},{\"targetId\":\"C\",\"type\":\"browser\"}]}}");
        JsonNode infos = lastToClient().path("result").path("targetInfos");
        assertThat(infos).hasSize(1);
        assertThat(infos.get(0).path("targetId").asText()).isEqualTo("A");
    }

    @Test
    void browserWideAndForeignContextCommandsAreRefused() {
        String[] refused = {"{\"id\":6,\"method\":\"Target.createBrowserContext\"}",
                "{\"id\":7,\"method\":\"Target.disposeBrowserContext\",\"params\":{\"browserContextId\":\"THEIRS\"}}",
                "{\"id\":8,\"method\":\"Browser.crash\"}", "{\"id\":9,\"method\":\"SystemInfo.getInfo\"}",
                "{\"id\":10,\"method\":\"Tracing.start\"}", "{\"id\":11,\"method\":\"Target.exposeDevToolsProtocol\"}",
                "{\"id\":12,\"method\":\"Storage.getCookies\",\"params\":{\"browserContextId\":\"THEIRS\"}}",
                "{\"id\":13,\"method\":\"Target.createTarget\",\"params\":{\"url\":\"file:///etc/passwd\"}}",
                "{\"id\":14,\"method\":\"Target.attachToBrowserTarget\"}",
                "{\"id\":2000000001,\"method\":\"Browser.getVersion\"}", "not json"};
        for (String command : refused) {
            filter.fromClient(command);
            assertThat(lastToClient().has("error")).as(command).isTrue();
        }
        assertThat(toBrowser).isEmpty();
    }

    @Test
    void downloadsAreDeniedAndCookiesScopedToTheSession() {
        filter.fromClient("{\"id\":15,\"method\":\"Browser.setDownloadBehavior\",\"params\":{\"behavior\":\"allow\","
                + "\"downloadPath\":\"/root\"}}");
        JsonNode sent = lastToBrowser().path("params");
        assertThat(sent.path("behavior").asText()).isEqualTo("deny");
        assertThat(sent.has("downloadPath")).isFalse();
        assertThat(sent.path("browserContextId").asText()).isEqualTo("MINE");
        filter.fromClient("{\"id\":16,\"method\":\"Storage.getCookies\"}");
        assertThat(lastToBrowser().path("params").path("browserContextId").asText()).isEqualTo("MINE");
    }

    @Test
    void closingTheBrowserOnlyDisconnects() {
        filter.fromClient("{\"id\":17,\"method\":\"Browser.close\"}");
        assertThat(lastToClient().has("result")).isTrue();
        assertThat(disconnected).isTrue();
        assertThat(toBrowser).isEmpty();
    }

    @Test
    void pageCommandsFollowTheNavigationPolicy() {
        attach("MINE-1", "S1");
        filter.fromClient("{\"id\":18,\"sessionId\":\"S1\",\"method\":\"Page.navigate\",\"params\":{\"url\":"
                + "\"file:///etc/passwd\"}}");
        assertThat(lastToClient().path("error").path("message").asText()).contains("policy-denied");
        filter.fromClient("{\"id\":19,\"sessionId\":\"S1\",\"method\":\"Page.navigate\",\"params\":{\"url\":"
                + "\"HTTP://example.com/a\"}}");
        assertThat(lastToBrowser().path("params").path("url").asText()).isEqualTo("http://example.com/a");
        filter.fromClient("{\"id\":20,\"sessionId\":\"S1\",\"method\":\"DOM.setFileInputFiles\",\"params\":{}}");
        assertThat(lastToClient().has("error")).isTrue();
        filter.fromClient("{\"id\":21,\"sessionId\":\"S1\",\"method\":\"Runtime.evaluate\",\"params\":"
                + "{\"expression\":\"1\"}}");
        assertThat(lastToBrowser().path("method").asText()).isEqualTo("Runtime.evaluate");
    }

    private void attach(String target, String session) {
        filter.fromBrowser("{\"method\":\"Target.attachedToTarget\",\"params\":{\"sessionId\":\"" + session
                + "\",\"targetInfo\":{\"targetId\":\"" + target + "\",\"type\":\"page\",\"browserContextId\":"
                + "\"MINE\"},\"waitingForDebugger\":false}}");
    }

    private static String created(String target, String context) {
        return "{\"method\":\"Target.targetCreated\",\"params\":{\"targetInfo\":{\"targetId\":\"" + target
                + "\",\"type\":\"page\",\"browserContextId\":\"" + context + "\"}}}";
    }

    private JsonNode lastToClient() {
        return CdpMessage.parse(toClient.get(toClient.size() - 1));
    }

    private JsonNode lastToBrowser() {
        return CdpMessage.parse(toBrowser.get(toBrowser.size() - 1));
    }
}
