package io.dormouse.registry.repository;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;

import io.dormouse.protocol.SessionState;

/**
 * What a session listing asks for. Pages are keyset pages: a cursor names the last row of the previous page by its
 * sort key and id, so rows inserted meanwhile never shift a page (in creation order they land on later pages).
 */
public record SessionFilter(String tenant, List<String> allTags, List<String> anyTags, List<SessionState> states,
        String profile,
        Instant createdAfter, Instant createdBefore, Instant activeAfter, Instant activeBefore, Sort sort,
        Cursor after, int limit) {

    /** Sort orders; the last-activity ones count a never-active session from its creation. */
    public enum Sort {
        CREATED_ASC("createdAt", "created_at", true),
        CREATED_DESC("-createdAt", "created_at", false),
        ACTIVE_ASC("lastActiveAt", "COALESCE(last_active_at, created_at)", true),
        ACTIVE_DESC("-lastActiveAt", "COALESCE(last_active_at, created_at)", false);

        public final String parameter;
        final String column;
        final boolean ascending;

        Sort(String parameter, String column, boolean ascending) {
            this.parameter = parameter;
            this.column = column;
            this.ascending = ascending;
        }

        public static Sort ofParameter(String value) {
            for (Sort sort : values()) {
                if (sort.parameter.equals(value)) {
                    return sort;
                }
            }
            throw new IllegalArgumentException(
                    "sort: one of createdAt, -createdAt, lastActiveAt, -lastActiveAt, got '" + value + "'");
        }

        Instant keyOf(SessionEntity row) {
            return this == CREATED_ASC || this == CREATED_DESC || row.lastActiveAt == null
                    ? row.createdAt
                    : row.lastActiveAt;
        }
    }

    /** The position after the last row of a page, as an opaque token. */
    public record Cursor(Instant key, String id) {
        public static Cursor after(SessionEntity row, Sort sort) {
            return new Cursor(sort.keyOf(row), row.id);
        }

        public String encode() {
            long micros = key.getEpochSecond() * 1_000_000 + key.getNano() / 1_000;
            return Base64.getUrlEncoder().withoutPadding()
                    .encodeToString((micros + "|" + id).getBytes(StandardCharsets.UTF_8));
        }

        public static Cursor decode(String token) {
            try {
                String text = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
                int bar = text.indexOf('|');
                long micros = Long.parseLong(text.substring(0, bar));
                return new Cursor(Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000),
                        Math.floorMod(micros, 1_000_000) * 1_000), text.substring(bar + 1));
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("cursor: not a cursor this API returned");
            }
        }
    }
}
