package io.dormouse.systemtest;

import java.util.List;

import io.dormouse.client.DormouseClient;
import io.dormouse.client.Page;
import io.dormouse.client.Session;
import io.dormouse.protocol.SessionId;
import io.dormouse.protocol.SessionSpec;

/**
 * One agent process using the Java client, as a user's program would be: {@code login SITE USER} prints the new
 * session's id after logging in; {@code check SESSION_ID} resumes it in a fresh JVM and prints who is logged in.
 * {@link JavaClientIT} runs it with {@code DORMOUSE_URL} and {@code DORMOUSE_API_KEY} set.
 */
public final class JavaClientAgent {
    private JavaClientAgent() {
    }

    public static void main(String[] args) {
        DormouseClient client = DormouseClient.fromEnvironment();
        if (args[0].equals("login")) {
            Session session = client.createSession(SessionSpec.ofProfile("java-client"), List.of("java-client-test"));
            Page page = session.activePage();
            page.navigate(args[1] + "/login");
            page.fill("#user", args[2]);
            page.click("#submit");
            page.waitForUrlMatching(".*/app$");
            System.out.println(session.id().value() + " " + page.evaluate(
                    "() => document.querySelector('#user').textContent").asText());
        } else {
            Session session = client.resumeSession(SessionId.of(args[1]));
            Page page = session.activePage();
            System.out.println(session.info().state() + " " + page.url() + " "
                    + page.evaluate("() => document.querySelector('#user').textContent").asText());
        }
    }
}
