package io.dormouse.registry.service;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One retention rule: sessions idle longer than {@code idle}, optionally only those with {@code tag} or of
 * {@code profile}, are deleted. Written {@code idle=30d}, {@code idle=12h;tag=scratch} or {@code idle=7d;profile=temp}.
 */
public record RetentionRule(Duration idle, String tag, String profile) {
    private static final Pattern DURATION = Pattern.compile("(\\d+)([smhd])");

    public static RetentionRule parse(String text) {
        Duration idle = null;
        String tag = null;
        String profile = null;
        for (String part : text.strip().split(";")) {
            String[] pair = part.strip().split("=", 2);
            if (pair.length != 2) {
                throw new IllegalArgumentException("retention rule '" + text + "': expected key=value parts");
            }
            switch (pair[0].strip()) {
                case "idle" -> idle = duration(pair[1].strip(), text);
                case "tag" -> tag = pair[1].strip();
                case "profile" -> profile = pair[1].strip();
                default -> throw new IllegalArgumentException("retention rule '" + text + "': unknown key '" + pair[0]
                        + "' (idle, tag, profile)");
            }
        }
        if (idle == null) {
            throw new IllegalArgumentException("retention rule '" + text + "': idle=<duration> is required");
        }
        return new RetentionRule(idle, tag, profile);
    }

    private static Duration duration(String value, String rule) {
        Matcher matcher = DURATION.matcher(value);
        if (!matcher.matches()) {
            throw new IllegalArgumentException("retention rule '" + rule + "': idle must be like 30s, 15m, 12h or 30d");
        }
        long amount = Long.parseLong(matcher.group(1));
        return switch (matcher.group(2)) {
            case "s" -> Duration.ofSeconds(amount);
            case "m" -> Duration.ofMinutes(amount);
            case "h" -> Duration.ofHours(amount);
            default -> Duration.ofDays(amount);
        };
    }
}
