package io.dormouse.monitor.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.dormouse.monitor.config.MonitorConfig;
import io.dormouse.protocol.ActionCompleted;
import io.dormouse.protocol.ActionError;
import io.dormouse.protocol.ActionFailed;
import io.dormouse.protocol.AuthProbe;
import io.dormouse.protocol.AuthProbed;
import io.dormouse.protocol.CommandId;
import io.dormouse.protocol.ContextMetrics;
import io.dormouse.protocol.PageCrashed;
import io.dormouse.protocol.SessionId;
import io.dormouse.protocol.SessionState;
import io.dormouse.protocol.WorkerId;

class HealthRulesTest {
    private static final long MB = 1024 * 1024;
    private static final WorkerId WORKER = WorkerId.of("worker-1");

    private final List<String> verdicts = new ArrayList<>();
    private final SessionId session = SessionId.random();
    private Instant now = Instant.parse("2026-11-22T10:00:00Z");
    private HealthRules rules;

    @BeforeEach
    void setUp() {
        rules = new HealthRules();
        rules.config = config(2, Duration.ofMinutes(10), Duration.ofSeconds(30));
        rules.verdicts = new HealthRules.Verdicts() {
            @Override
            public void recycle(SessionId id, String reason) {
                verdicts.add("recycle:" + reason);
            }

            @Override
            public void unhealthy(SessionId id, String reason, String detail) {
                verdicts.add("unhealthy:" + reason);
            }

            @Override
            public void healthy(SessionId id) {
                verdicts.add("healthy");
            }

            @Override
            public void needsReauth(SessionId id, String failedCheck, String detail) {
                verdicts.add("needs-reauth:" + failedCheck);
            }

            @Override
            public void reauthenticated(SessionId id) {
                verdicts.add("reauthenticated");
            }
        };
        rules.clock = new Clock() {
            @Override
            public ZoneOffset getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return now;
            }
        };
    }

    @Test
    void memoryOverTheThresholdRecyclesAndTheGuardBacksOffThenDeclaresAStorm() {
        rules.onMetrics(sample(100 * MB));
        assertThat(verdicts).isEmpty();

        rules.onMetrics(sample(500 * MB));
        rules.onMetrics(sample(500 * MB));
        assertThat(verdicts).as("one recycle, the second sample falls in the backoff")
                .containsExactly("recycle:memory");

        now = now.plusSeconds(31);
        rules.onCrash(PageCrashed.of(session, WORKER, "http://127.0.0.1/", 1));
        assertThat(verdicts).containsExactly("recycle:memory", "recycle:page-crashed");

        now = now.plusSeconds(45);
        rules.onMetrics(sample(500 * MB));
        assertThat(verdicts).as("the second backoff is doubled to 60 s").hasSize(2);
        now = now.plusSeconds(20);
        rules.onMetrics(sample(500 * MB));
        rules.onMetrics(sample(500 * MB));
        assertThat(verdicts).as("two recycles in the window: the third trigger declares a storm, once")
                .containsExactly("recycle:memory", "recycle:page-crashed", "unhealthy:recycle-storm");
        assertThat(rules.recentRecycles()).extracting(HealthRules.Recycle::reason)
                .containsExactly("page-crashed", "memory");

        rules.onOutcome(ActionCompleted.of(CommandId.random(), session, WORKER, null, SessionState.ACTIVE, null,
                null));
        assertThat(verdicts).as("a completed action does not lift a storm verdict").hasSize(3);

        now = now.plus(Duration.ofMinutes(11));
        rules.onMetrics(sample(500 * MB));
        assertThat(verdicts).as("outside the window the verdict lifts and it may be recycled again").containsExactly(
                "recycle:memory", "recycle:page-crashed", "unhealthy:recycle-storm", "healthy", "recycle:memory");
    }

    @Test
    void consecutiveFailuresMakeASessionUnhealthyUntilAnActionCompletes() {
        for (int i = 0; i < 4; i++) {
            rules.onOutcome(failed());
        }
        rules.onOutcome(ActionCompleted.of(CommandId.random(), session, WORKER, null, SessionState.ACTIVE, null,
                null));
        for (int i = 0; i < 4; i++) {
            rules.onOutcome(failed());
        }
        assertThat(verdicts).as("the count starts again after a success").isEmpty();

        rules.onOutcome(failed());
        rules.onOutcome(failed());
        assertThat(verdicts).containsExactly("unhealthy:failed-actions");

        rules.onOutcome(ActionCompleted.of(CommandId.random(), session, WORKER, null, SessionState.ACTIVE, null,
                null));
        rules.onOutcome(ActionCompleted.of(CommandId.random(), session, WORKER, null, SessionState.ACTIVE, null,
                null));
        assertThat(verdicts).containsExactly("unhealthy:failed-actions", "healthy");
    }

    @Test
    void aProfilesOwnThresholdOverridesTheDefault() {
        rules.onMetrics(ContextMetrics.of(session, WORKER, new ContextMetrics.Sample(100 * MB, 1, 0, 0, 0, now, 64)));
        assertThat(verdicts).containsExactly("recycle:memory");

        SessionId generous = SessionId.random();
        rules.onMetrics(ContextMetrics.of(generous, WORKER,
                new ContextMetrics.Sample(500 * MB, 1, 0, 0, 0, now, 1024)));
        assertThat(verdicts).as("500 MB is over the default 400 but under the profile's 1024").hasSize(1);
    }

    @Test
    void aFailedProbeFlagsOnceAndAPassClearsIt() {
        rules.onAuthProbed(AuthProbed.passed(session, WORKER, "http://127.0.0.1/app", AuthProbed.ACTIVATED));
        assertThat(verdicts).as("a monitor that just started clears a tag it cannot know about")
                .containsExactly("reauthenticated");
        rules.onAuthProbed(AuthProbed.passed(session, WORKER, "http://127.0.0.1/app", AuthProbed.SCHEDULED));
        assertThat(verdicts).hasSize(1);

        rules.onAuthProbed(AuthProbed.failed(session, WORKER, AuthProbe.URL, "logged out", "http://127.0.0.1/login",
                AuthProbed.SCHEDULED));
        rules.onAuthProbed(AuthProbed.failed(session, WORKER, AuthProbe.COOKIE, "no sid", "http://127.0.0.1/login",
                AuthProbed.SCHEDULED));
        assertThat(verdicts).containsExactly("reauthenticated", "needs-reauth:url");

        rules.onAuthProbed(AuthProbed.passed(session, WORKER, "http://127.0.0.1/app", AuthProbed.SCHEDULED));
        assertThat(verdicts).containsExactly("reauthenticated", "needs-reauth:url", "reauthenticated");
    }

    private ActionFailed failed() {
        return ActionFailed.of(CommandId.random(), session, WORKER,
                new ActionError(ActionError.SELECTOR_NOT_FOUND, "no #login"), SessionState.ACTIVE, null);
    }

    private ContextMetrics sample(long heapBytes) {
        return ContextMetrics.of(session, WORKER, new ContextMetrics.Sample(heapBytes, 1, 0, 0, 0, now, null));
    }

    private static MonitorConfig config(int maxPerWindow, Duration window, Duration backoff) {
        return new MonitorConfig() {
            @Override
            public long memoryThresholdMb() {
                return 400;
            }

            @Override
            public int consecutiveFailures() {
                return 5;
            }

            @Override
            public String token() {
                return "unused";
            }

            @Override
            public Recycles recycles() {
                return new Recycles() {
                    @Override
                    public int maxPerWindow() {
                        return maxPerWindow;
                    }

                    @Override
                    public Duration window() {
                        return window;
                    }

                    @Override
                    public Duration backoff() {
                        return backoff;
                    }
                };
            }

            @Override
            public Optional<String> registryKey() {
                return Optional.empty();
            }
        };
    }
}
