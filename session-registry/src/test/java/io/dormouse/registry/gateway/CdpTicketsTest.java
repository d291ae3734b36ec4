package io.dormouse.registry.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Proxy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;

import org.junit.jupiter.api.Test;

import io.dormouse.protocol.SessionId;
import io.dormouse.registry.config.RegistryConfig;

/** Connect tickets open one session of one tenant until they expire; forged, altered or foreign ones open nothing. */
class CdpTicketsTest {
    private static final SessionId MINE = SessionId.of("ses_AAAAAAAAAAAA");
    private static final SessionId THEIRS = SessionId.of("ses_BBBBBBBBBBBB");
    private static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");

    @Test
    void aTicketOpensItsSessionUntilItExpires() {
        CdpTickets tickets = tickets("k1", NOW);
        CdpTickets.Ticket ticket = tickets.issue("acme", MINE);
        assertThat(tickets.verify(ticket.token(), MINE)).get().extracting(CdpTickets.Ticket::tenant).isEqualTo("acme");
        assertThat(tickets.verify(ticket.token(), THEIRS)).isEmpty();
        assertThat(tickets("k1", NOW.plus(Duration.ofMinutes(59))).verify(ticket.token(), MINE)).isPresent();
        assertThat(tickets("k1", NOW.plus(Duration.ofMinutes(61))).verify(ticket.token(), MINE)).isEmpty();
    }

    @Test
    void forgedAlteredAndForeignTicketsOpenNothing() {
        CdpTickets tickets = tickets("k1", NOW);
        String token = tickets.issue("acme", MINE).token();
        // Another registry key, a payload naming another tenant with the old MAC, a cut MAC, garbage.
        assertThat(tickets("k2", NOW).verify(token, MINE)).isEmpty();
        String payload = Base64.getUrlEncoder().withoutPadding().encodeToString(("mallory\n" + MINE.value() + "\n"
                + NOW.plus(Duration.ofDays(365)).getEpochSecond()).getBytes());
        assertThat(tickets.verify(payload + token.substring(token.indexOf('.')), MINE)).isEmpty();
        assertThat(tickets.verify(token.substring(0, token.length() - 3), MINE)).isEmpty();
        for (String junk : new String[]{"", ".", "a.b.c", "!!!.???", token + "x"}) {
            assertThat(tickets.verify(junk, MINE)).as(junk).isEmpty();
        }
    }

    private static CdpTickets tickets(String keySeed, Instant now) {
        String key = Base64.getEncoder().encodeToString(String.format("%-32s", keySeed).getBytes());
        RegistryConfig.Gateway gateway = (RegistryConfig.Gateway) Proxy.newProxyInstance(
                CdpTicketsTest.class.getClassLoader(), new Class<?>[]{RegistryConfig.Gateway.class},
                (proxy, method, args) -> method.getName().equals("ticketTtl") ? Duration.ofHours(1) : null);
        CdpTickets tickets = new CdpTickets();
        tickets.config = (RegistryConfig) Proxy.newProxyInstance(CdpTicketsTest.class.getClassLoader(),
                new Class<?>[]{RegistryConfig.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "secretKey" -> key;
                    case "gateway" -> gateway;
                    default -> null;
                });
        tickets.clock = Clock.fixed(now, ZoneOffset.UTC);
        return tickets;
    }
}
