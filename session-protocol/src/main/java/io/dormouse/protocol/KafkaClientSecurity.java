package io.dormouse.protocol;

import java.util.HashMap;
import java.util.Map;

/**
 * The security settings of a plain Kafka client (a tool, a test) that connects as one Dormouse principal: the same
 * {@code DORMOUSE_KAFKA_SECURITY_PROTOCOL}, {@code DORMOUSE_KAFKA_USERNAME} and {@code DORMOUSE_KAFKA_PASSWORD} the
 * services read. Without a protocol the client connects in plain text.
 */
public final class KafkaClientSecurity {
    private KafkaClientSecurity() {
    }

    /** The settings from this process's environment. */
    public static Map<String, String> fromEnvironment() {
        return of(System.getenv("DORMOUSE_KAFKA_SECURITY_PROTOCOL"), System.getenv("DORMOUSE_KAFKA_USERNAME"),
                System.getenv("DORMOUSE_KAFKA_PASSWORD"));
    }

    /** SASL/SCRAM-SHA-512 settings for {@code username}, or none when {@code protocol} is null or PLAINTEXT. */
    public static Map<String, String> of(String protocol, String username, String password) {
        Map<String, String> settings = new HashMap<>();
        if (protocol == null || protocol.isBlank() || protocol.equals("PLAINTEXT")) {
            return settings;
        }
        settings.put("security.protocol", protocol);
        if (protocol.startsWith("SASL")) {
            settings.put("sasl.mechanism", "SCRAM-SHA-512");
            settings.put("sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required"
                    + " username=\"" + username + "\" password=\"" + password + "\";");
        }
        return settings;
    }
}
