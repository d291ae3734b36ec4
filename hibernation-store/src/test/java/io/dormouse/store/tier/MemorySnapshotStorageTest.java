package io.dormouse.store.tier;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.dormouse.protocol.SessionId;

class MemorySnapshotStorageTest {
    @Test
    void theLeastRecentlyUsedSessionsGoWhenTheBoundIsPassed() {
        List<SessionId> evicted = new ArrayList<>();
        MemorySnapshotStorage memory = new MemorySnapshotStorage(100, evicted::add);
        SessionId first = SessionId.random();
        SessionId second = SessionId.random();
        SessionId third = SessionId.random();
        memory.put(first, 1, new byte[30]);
        memory.put(first, 2, new byte[10]);
        memory.put(second, 1, new byte[40]);
        memory.get(first, 1);

        memory.put(third, 1, new byte[40]);

        assertThat(evicted).containsExactly(second);
        assertThat(memory.versions(first)).containsExactly(1L, 2L);
        assertThat(memory.sessions()).containsExactlyInAnyOrder(first, third);
        assertThat(memory.storedBytes()).isEqualTo(80);

        memory.delete(first, 1);
        assertThat(memory.storedBytes()).isEqualTo(50);
        assertThat(memory.deleteAll(first)).isTrue();
        assertThat(memory.deleteAll(first)).isFalse();
        assertThat(memory.storedBytes()).isEqualTo(40);
    }
}
