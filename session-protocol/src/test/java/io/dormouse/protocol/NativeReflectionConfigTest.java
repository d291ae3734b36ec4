package io.dormouse.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Native images only see reflectively what is registered. Jackson reads and writes every protocol record and enum by
 * reflection, so each must be in the reflection config this jar ships; this test fails (printing the right content)
 * when a type is added without it.
 */
class NativeReflectionConfigTest {
    static final String CONFIG = "META-INF/native-image/io.dormouse/session-protocol/reflect-config.json";

    @Test
    void everyProtocolTypeIsRegisteredForReflection() throws Exception {
        TreeSet<String> expected = protocolTypes();
        TreeSet<String> registered = new TreeSet<>();
        try (InputStream config = getClass().getClassLoader().getResourceAsStream(CONFIG)) {
            assertThat(config).as(CONFIG + " is missing").isNotNull();
            for (JsonNode entry : ProtocolJson.mapper().readTree(config)) {
                registered.add(entry.get("name").asText());
                assertThat(entry.get("allDeclaredConstructors").asBoolean()).isTrue();
                assertThat(entry.get("allDeclaredMethods").asBoolean()).isTrue();
                assertThat(entry.get("allDeclaredFields").asBoolean()).isTrue();
            }
        }

        assertThat(registered).as("src/main/resources/%s should read:%n%s", CONFIG, render(expected))
                .isEqualTo(expected);
    }

    private static TreeSet<String> protocolTypes() throws IOException, URISyntaxException, ClassNotFoundException {
        Path classes = Path.of(ProtocolJson.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Path packageDirectory = classes.resolve(ProtocolJson.class.getPackageName().replace('.', '/'));
        TreeSet<String> names = new TreeSet<>();
        List<Path> files;
        try (Stream<Path> listing = Files.list(packageDirectory)) {
            files = listing.filter(p -> p.toString().endsWith(".class")).toList();
        }
        for (Path file : files) {
            String simple = file.getFileName().toString().replace(".class", "");
            Class<?> type = Class.forName(ProtocolJson.class.getPackageName() + "." + simple);
            if (type.isRecord() || type.isEnum() || (type.isInterface() && type.isSealed())) {
                names.add(type.getName());
            }
        }
        return names;
    }

    private static String render(TreeSet<String> names) {
        StringBuilder json = new StringBuilder("[\n");
        for (String name : names) {
            json.append("  {\"name\": \"").append(name).append("\", \"allDeclaredConstructors\": true,")
                    .append(" \"allDeclaredMethods\": true, \"allDeclaredFields\": true}")
                    .append(name.equals(names.last()) ? "\n" : ",\n");
        }
        return json.append("]").toString();
    }
}
