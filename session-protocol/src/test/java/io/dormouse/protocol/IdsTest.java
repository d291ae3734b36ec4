package io.dormouse.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

class IdsTest {
    @Test
    void sessionIdsAreSesPlusTwelveBase62() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            String id = SessionId.random().value();
            assertThat(id).matches("ses_[0-9A-Za-z]{12}");
            seen.add(id);
        }
        assertThat(seen).hasSize(10_000);
    }

    @Test
    void malformedSessionIdsAreRejected() {
        for (String bad : new String[]{"ses_short", "abc_7xKp2mNq4Rt1", "ses_7xKp2mNq4Rt1!", "", "ses_7xKp2mNq4Rt12"}) {
            assertThatThrownBy(() -> SessionId.of(bad)).as(bad)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("'ses_' followed by 12 base62 characters");
        }
        assertThat(SessionId.of("ses_7xKp2mNq4Rt1").value()).isEqualTo("ses_7xKp2mNq4Rt1");
    }

    @Test
    void idsSerializeAsPlainStrings() {
        assertThat(ProtocolJson.encode(SessionId.of("ses_7xKp2mNq4Rt1"))).isEqualTo("\"ses_7xKp2mNq4Rt1\"");
        assertThat(ProtocolJson.decode("\"w-1\"", WorkerId.class)).isEqualTo(WorkerId.of("w-1"));
        assertThat(ProtocolJson.decode("\"cmd-9\"", CommandId.class)).isEqualTo(CommandId.of("cmd-9"));
    }

    @Test
    void tiersUseLowerCaseNames() {
        assertThat(ProtocolJson.encode(HibernationTier.COLD)).isEqualTo("\"cold\"");
        assertThatThrownBy(() -> ProtocolJson.decode("\"lukewarm\"", HibernationTier.class))
                .hasMessageContaining("hibernationTier must be one of hot, warm, cold");
    }
}
