package io.dormouse.worker.browser;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.microsoft.playwright.PlaywrightException;

import io.dormouse.protocol.Action;
import io.dormouse.protocol.AuthProbe;
import io.dormouse.protocol.AuthProbed;
import io.dormouse.protocol.ProfileHealth;
import io.dormouse.protocol.SessionId;
import io.dormouse.worker.config.WorkerConfig;
import io.dormouse.worker.policy.NavigationPolicy;

/**
 * Runs the profiles' auth probes in the live contexts: which are due, and what a probe finds on the active page
 * (URL, cookie, expression). Probing does not count as use, so it never keeps a session from going idle.
 */
@ApplicationScoped
public class AuthProbes {
    private static final Logger LOG = Logger.getLogger(AuthProbes.class);

    @Inject
    BrowserRuntime runtime;

    @Inject
    SessionContexts contexts;

    @Inject
    NavigationPolicy policy;

    /** The longest JSON result an expression may return; tests wired by hand keep the default. */
    int maxResultChars = 16 * 1024 * 1024;

    @Inject
    void configure(WorkerConfig config) {
        maxResultChars = config.maxResultBytes();
    }

    /** The profile's health settings as the session's latest command states them. */
    public void updateHealth(SessionId id, ProfileHealth health) {
        LiveSession session = contexts.find(id);
        if (session != null && !session.health.equals(health)) {
            session.health = health;
            session.nextAuthProbeNanos = System.nanoTime();
        }
    }

    /** A live session whose profile's auth probe is due, and whether it is the first since the session got here. */
    public record DueProbe(SessionId sessionId, AuthProbe probe, String trigger) {
    }

    public List<DueProbe> dueAuthProbes() {
        long now = System.nanoTime();
        return contexts.all().stream()
                .filter(session -> session.health.authProbe() != null && now - session.nextAuthProbeNanos >= 0)
                .map(session -> new DueProbe(session.id, session.health.authProbe(),
                        session.authProbedSinceActivation ? AuthProbed.SCHEDULED : AuthProbed.ACTIVATED))
                .toList();
    }

    /** What one probe found: {@code failedCheck} names the first check that did not hold. */
    public record ProbeVerdict(boolean passed, String failedCheck, String detail, String url) {
    }

    /**
     * Runs {@code probe} on the session's active page: the URL, then the cookie, then the expression, which gets
     * {@code timeoutMillis} to settle. Empty when there is nothing to judge (no live context, no open page, a crashed
     * page); the probe is due again after its interval either way. Reading cookies and the page does not count as use,
     * so probing never keeps a session from going idle.
     */
    public Optional<ProbeVerdict> probeAuth(SessionId id, AuthProbe probe, double timeoutMillis) {
        LiveSession session = contexts.find(id);
        if (session == null) {
            return Optional.empty();
        }
        session.nextAuthProbeNanos = System.nanoTime() + Duration.ofSeconds(probe.intervalSeconds()).toNanos();
        session.authProbedSinceActivation = true;
        try {
            Optional<String> pageUrl = runtime.call(() -> session.openPages().isEmpty()
                    || session.crashedPages.contains(session.page())
                            ? Optional.empty()
                            : Optional.of(session.page().url()));
            if (pageUrl.isEmpty()) {
                return Optional.empty();
            }
            String url = pageUrl.get();
            if (probe.loggedOutAt(url)) {
                return Optional.of(new ProbeVerdict(false, AuthProbe.URL,
                        "the page's URL matches the logged-out pattern " + probe.loggedOutUrlPattern(), url));
            }
            if (probe.requiredCookie() != null && runtime.call(() -> session.context.cookies().stream()
                    .noneMatch(cookie -> cookie.name.equals(probe.requiredCookie())))) {
                return Optional.of(new ProbeVerdict(false, AuthProbe.COOKIE,
                        "no cookie named " + probe.requiredCookie(), url));
            }
            if (probe.loggedInExpression() != null) {
                try {
                    JsonNode value = ActionRunner.run(runtime, policy, session,
                            new Action.Evaluate(probe.loggedInExpression(), null), timeoutMillis, maxResultChars)
                            .json();
                    if (!truthy(value)) {
                        return Optional.of(new ProbeVerdict(false, AuthProbe.EXPRESSION,
                                "the logged-in expression gave " + value, url));
                    }
                } catch (ActionException failed) {
                    return Optional.of(new ProbeVerdict(false, AuthProbe.EXPRESSION, failed.error().message(), url));
                }
            }
            return Optional.of(new ProbeVerdict(true, null, null, url));
        } catch (PlaywrightException goneMeanwhile) {
            LOG.debugf("auth probe of %s found no page to judge: %s", id, goneMeanwhile.getMessage());
            return Optional.empty();
        }
    }

    /** JavaScript's truthiness, for a value that came back as JSON. */
    private static boolean truthy(JsonNode value) {
        if (value == null || value.isNull() || value.isMissingNode()) {
            return false;
        }
        if (value.isBoolean()) {
            return value.booleanValue();
        }
        if (value.isNumber()) {
            double number = value.doubleValue();
            return number != 0 && !Double.isNaN(number);
        }
        if (value.isTextual()) {
            return !value.textValue().isEmpty();
        }
        return true;
    }
}
