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
 * The Python client ({@code clients/python}) against the real stack: its own tests, with the standard library's
 * {@code unittest}, in processes of their own as a user's agent would run. Two tenants of the test's own, so the
 * client's tests can also try to reach across them.
 */
class PythonClientIT {
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
        Path client = Path.of(System.getProperty("dormouse.root", "..")).resolve("clients/python");
        ProcessBuilder python = new ProcessBuilder(List.of("python3", "-m", "unittest", "discover", "-s", "tests",
                "-v")).directory(client.toFile()).redirectErrorStream(true);
        python.environment().put("PYTHONPATH", client.toString());
        python.environment().put("DORMOUSE_URL", stack.registry().baseUrl());
        python.environment().put("DORMOUSE_API_KEY", operator.tenantKey("py-" + suffix));
        python.environment().put("DORMOUSE_OTHER_API_KEY", operator.tenantKey("py-other-" + suffix));
        python.environment().put("DORMOUSE_TEST_SITE", site.origin());
        Process process = python.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(10, TimeUnit.MINUTES)).as(output).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        // Every test ran: none was skipped for want of the stack.
        assertThat(output).as(output).doesNotContain("skipped").contains("test_a_login_survives_the_process");
    }
}
