package io.dormouse.systemtest;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.dormouse.protocol.ProtocolJson;

/**
 * {@code evaluate} through the whole system behaves as plain Playwright's: an expression that navigates returns the
 * value it computed, and a page that hunts for whatever the worker adds to it finds nothing and forges nothing.
 */
class EvaluateIT {
    private static DormouseStack stack;
    private static Api registry;
    private static TestSite site;
    private static String id;

    @BeforeAll
    static void start() throws Exception {
        stack = DormouseStack.shared();
        registry = new Api(stack.registry().baseUrl());
        site = new TestSite();
        id = registry.post("/v1/sessions", "{\"profile\":\"evaluate\"}").get("id").asText();
    }

    @AfterAll
    static void stop() throws Exception {
        registry.delete("/v1/sessions/" + id);
        site.close();
    }

    @Test
    void expressionsThatNavigateReturnTheirValue() throws Exception {
        registry.completed(id, Api.navigate(site.url("/login")));
        // The login form's button is named "submit", which hides form.submit (DOM clobbering), so the prototype's.
        assertThat(evaluate("(() => { const form = document.querySelector('form');"
                + " document.querySelector('#user').value = 'ada';"
                + " setTimeout(() => HTMLFormElement.prototype.submit.call(form), 0); return true; })()"))
                .isEqualTo(ProtocolJson.mapper().readTree("true"));
        registry.completed(id, "{\"type\":\"waitForUrl\",\"url\":\"**/app\"}");
        assertThat(evaluate("() => document.querySelector('#user').textContent").asText()).isEqualTo("ada");

        registry.completed(id, Api.navigate(site.url("/plain.html")));
        assertThat(evaluate("() => { location.href = '/echo/next'; return 1 }").asInt()).isEqualTo(1);
        registry.completed(id, "{\"type\":\"waitForUrl\",\"url\":\"**/echo/next\"}");
        assertThat(evaluate("() => { history.back(); return 'back' }").asText()).isEqualTo("back");
        registry.completed(id, "{\"type\":\"waitForUrl\",\"url\":\"**/plain.html\"}");
    }

    @Test
    void aPageHuntingForTheWorkersGlobalsFindsNoneAndForgesNoResult() throws Exception {
        registry.completed(id, Api.navigate(site.url("/watcher.html")));
        assertThat(evaluate("async () => { await new Promise(r => setTimeout(r, 200)); return 'genuine'; }").asText())
                .isEqualTo("genuine");
        assertThat(evaluate("() => 'sync'").asText()).isEqualTo("sync");
        assertThat(evaluate("new Promise(r => setTimeout(() => r({ n: 2 }), 50))").path("n").asInt()).isEqualTo(2);
        assertThat(evaluate("() => window.found")).isEmpty();
    }

    private static JsonNode evaluate(String expression) throws Exception {
        return registry.completed(id, "{\"type\":\"evaluate\",\"expression\":" + ProtocolJson.encode(expression)
                + "}").path("result");
    }
}
