package io.dormouse.worker.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.OptionalInt;
import java.util.OptionalLong;

import org.junit.jupiter.api.Test;

class ContextCapacityTest {
    private static final long MB = 1L << 20;
    private static final long GB = 1L << 30;
    private static final long PER_CONTEXT = 400 * MB;

    @Test
    void theReferenceArticlesMachinesGetItsNumbers() {
        // A small VPS of 4 GB: 6–8 active sessions in the article.
        assertThat(ContextCapacity.fit(OptionalInt.empty(), OptionalLong.empty(), PER_CONTEXT, 1, 4 * GB))
                .isEqualTo(7);
        // 16 GB: 25–32 active sessions.
        assertThat(ContextCapacity.fit(OptionalInt.empty(), OptionalLong.empty(), PER_CONTEXT, 1, 16 * GB))
                .isEqualTo(32);
        // The same 16 GB shared by four workers on the machine: each takes its share.
        assertThat(ContextCapacity.fit(OptionalInt.empty(), OptionalLong.empty(), PER_CONTEXT, 4, 16 * GB))
                .isEqualTo(9);
    }

    @Test
    void aBrowserMemoryLimitIsTheBudgetAndTheBoundsHold() {
        assertThat(ContextCapacity.fit(OptionalInt.empty(), OptionalLong.of(2 * GB), PER_CONTEXT, 1, 64 * GB))
                .isEqualTo(5);
        assertThat(ContextCapacity.fit(OptionalInt.empty(), OptionalLong.empty(), PER_CONTEXT, 1, 512 * MB))
                .as("never fewer than two").isEqualTo(2);
        assertThat(ContextCapacity.fit(OptionalInt.empty(), OptionalLong.empty(), PER_CONTEXT, 1, 256 * GB))
                .as("never more than one worker's Playwright thread can serve").isEqualTo(32);
    }

    @Test
    void aConfiguredNumberWinsAndMustLeaveRoom() {
        assertThat(ContextCapacity.fit(OptionalInt.of(40), OptionalLong.empty(), PER_CONTEXT, 1, 4 * GB))
                .isEqualTo(40);
        assertThatThrownBy(() -> ContextCapacity.fit(OptionalInt.of(0), OptionalLong.empty(), PER_CONTEXT, 1, GB))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("MAX_CONTEXTS_PER_WORKER");
    }
}
