package io.dormouse.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import io.dormouse.protocol.Action;
import io.dormouse.protocol.CommandId;
import io.dormouse.protocol.SessionId;

/** The client on its own, against a stand-in registry served here: retries reuse the command id, errors are typed. */
class RetryTest {
    private static HttpServer server;
    private static final List<String> SEEN = new CopyOnWriteArrayList<>();
    private static final AtomicInteger FAIL_FIRST = new AtomicInteger();

    @BeforeAll
    static void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            String command = exchange.getRequestHeaders().getFirst("Dormouse-Command-Id");
            SEEN.add(command + " " + exchange.getRequestHeaders().getFirst("Authorization"));
            String path = exchange.getRequestURI().getPath();
            if (path.startsWith("/v1/sessions/ses_missing00001")) {
                answer(exchange, 404, "{\"error\":\"session-not-found\",\"message\":\"no such session\"}");
            } else if (path.startsWith("/v1/sessions/ses_slow00000001")) {
                answer(exchange, 200, "{\"commandId\":\"" + command + "\",\"status\":\"failed\","
                        + "\"error\":{\"code\":\"timeout\",\"message\":\"slow\"}}");
            } else if (SEEN.size() <= FAIL_FIRST.get()) {
                answer(exchange, 504, "{\"error\":\"worker-timeout\",\"message\":\"no answer\"}");
            } else {
                answer(exchange, 200,
                        "{\"commandId\":\"" + command + "\",\"status\":\"completed\",\"result\":\"done\"}");
            }
        });
        server.start();
    }

    @AfterAll
    static void stop() {
        server.stop(0);
    }

    @BeforeEach
    void clear() {
        SEEN.clear();
    }

    private static void answer(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static Session session(String id, int retries) {
        DormouseClient client = DormouseClient.builder().url("http://127.0.0.1:" + server.getAddress().getPort())
                .apiKey("dmk_test").retries(retries).build();
        return new Session(client, new SessionInfo(SessionId.of(id), "ACTIVE", null, List.of(), null, null, null,
                null, null, null));
    }

    @Test
    void aRetrySendsTheSameCommandId() {
        FAIL_FIRST.set(2);
        Session.Result result = session("ses_flaky0000001", 2).act(new Action.GetUrl());
        assertThat(result.result().asText()).isEqualTo("done");
        assertThat(SEEN).hasSize(3).allSatisfy(seen -> assertThat(seen)
                .isEqualTo(result.commandId().value() + " Bearer dmk_test"));
    }

    @Test
    void outOfRetriesTheErrorNamesTheCommand() {
        FAIL_FIRST.set(10);
        CommandId mine = CommandId.of("cmd_mine");
        assertThatThrownBy(() -> session("ses_flaky0000001", 1).act(new Action.GetUrl(), Duration.ofSeconds(5), mine))
                .isInstanceOfSatisfying(DormouseException.Unavailable.class,
                        e -> assertThat(e.commandId()).isEqualTo("cmd_mine"));
        assertThat(SEEN).hasSize(2);
    }

    @Test
    void errorsCarryTheCodeAndAFailedActionIsNotSentAgain() {
        FAIL_FIRST.set(0);
        assertThatThrownBy(() -> session("ses_missing00001", 2).act(new Action.GetUrl()))
                .isInstanceOfSatisfying(DormouseException.SessionNotFound.class, e -> {
                    assertThat(e.code()).isEqualTo("session-not-found");
                    assertThat(e.status()).isEqualTo(404);
                });
        int before = SEEN.size();
        assertThatThrownBy(() -> session("ses_slow00000001", 2).activePage().navigate("http://127.0.0.1/"))
                .isInstanceOf(DormouseException.ActionTimeout.class)
                .isInstanceOf(DormouseException.ActionFailed.class);
        assertThat(SEEN).hasSize(before + 1);
    }
}
