package io.dormouse.systemtest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The TypeScript client ({@code clients/typescript}, built by {@code ./dormouse test}) against the real stack: its own
 * tests, with Node's test runner, in processes of their own as a user's agent would run. Two tenants of the test's
 * own, so the client's tests can also try to reach across them.
 */
class TypeScriptClientIT {
    private static DormouseStack stack;
    private static TestSite site;

    @BeforeAll
    static void start() throws Exception {
        stack = DormouseStack.shared();
        site = new TestSite();
    }

    @AfterAll
    static void stop() {
        site.close();
    }

    @Test
    void theClientsTestsPassAgainstTheStack() throws Exception {
        Api operator = new Api(stack.registry().baseUrl());
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        Path client = Path.of(System.getProperty("dormouse.root", "..")).resolve("clients/typescript");
        assertThat(client.resolve("dist/index.js")).as("./dormouse test builds the client with tsc").exists();
        ProcessBuilder node = new ProcessBuilder(List.of("node", "--test", "--test-reporter=tap",
                "test/retry.test.mjs", "test/stack.test.mjs")).directory(client.toFile()).redirectErrorStream(true);
        node.environment().put("DORMOUSE_URL", stack.registry().baseUrl());
        node.environment().put("DORMOUSE_API_KEY", operator.tenantKey("ts-" + suffix));
        node.environment().put("DORMOUSE_OTHER_API_KEY", operator.tenantKey("ts-other-" + suffix));
        node.environment().put("DORMOUSE_TEST_SITE", site.origin());
        Process process = node.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(10, TimeUnit.MINUTES)).as(output).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        // Every test ran: none was skipped for want of the stack.
        assertThat(output).as(output).contains("# fail 0").containsPattern("# skip(ped)? 0")
                .contains("a login survives the process and hibernation");
    }
}
