package io.dormouse.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Constructor;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import io.dormouse.protocol.Action;
import io.dormouse.protocol.CommandId;
import io.dormouse.protocol.DormouseEvent;
import io.dormouse.protocol.ProtocolJson;
import io.dormouse.protocol.SessionCommand;
import io.dormouse.protocol.SessionId;
import io.dormouse.protocol.SessionSpec;
import io.dormouse.protocol.WorkerId;

/**
 * The AsyncAPI document and {@link DormouseKafka} agree: every message the document lists on a tenant's commands
 * channel goes out as a record on the tenant's commands topic keyed by its session id and comes back the same command,
 * and every message on a tenant's results and events channels decodes to its typed {@link DormouseEvent}.
 */
class DormouseKafkaContractTest {
    private static final DormouseKafka.Credential ACME = new DormouseKafka.Credential("acme", "127.0.0.1:9092",
            "SASL_PLAINTEXT", "tenant-acme", "secret", "dormouse.tenant.acme.commands",
            "dormouse.tenant.acme.results", "dormouse.tenant.acme.events", "dormouse.tenant.acme.");

    @Test
    void everyTenantCommandGoesOutKeyedBySession() throws Exception {
        List<String> names = channel("tenantCommands");
        assertThat(names).contains("CreateSession", "RunAction", "DeleteSession");
        Map<String, Class<?>> types = subtypes(SessionCommand.class);
        for (String name : names) {
            assertThat(types).as("SessionCommand names " + name).containsKey(name);
            SessionCommand command = (SessionCommand) sample(types.get(name));
            ProducerRecord<String, String> record = DormouseKafka.recordOf(ACME, command);
            assertThat(record.topic()).isEqualTo(ACME.commandsTopic());
            assertThat(record.key()).isEqualTo(command.sessionId().value());
            assertThat(ProtocolJson.decode(record.value(), SessionCommand.class)).as(name).isEqualTo(command);
            assertThat(ProtocolJson.decode(record.value(), JsonNode.class).path("type").asText()).isEqualTo(name);
        }
    }

    @Test
    void everyTenantResultAndEventComesBackTyped() throws Exception {
        List<String> names = new ArrayList<>(channel("tenantResults"));
        names.addAll(channel("tenantEvents"));
        assertThat(names).contains("ActionCompleted", "ActionFailed", "SessionCreated", "SessionHibernated");
        Map<String, Class<?>> types = subtypes(DormouseEvent.class);
        for (String name : names) {
            assertThat(types).as("DormouseEvent names " + name).containsKey(name);
            Object event = sample(types.get(name));
            DormouseEvent decoded = DormouseKafka.decode(ProtocolJson.encode(event));
            assertThat(decoded).as(name).isInstanceOf(types.get(name)).isEqualTo(event);
        }
        assertThat(DormouseKafka.decode("{\"type\":\"SomethingNewer\",\"eventId\":\"x\"}"))
                .as("a type from a newer server is skipped, not fatal").isNull();
    }

    /** The message names of one channel of the document. */
    private static List<String> channel(String channel) throws IOException {
        String document;
        try (InputStream in = DormouseKafkaContractTest.class.getResourceAsStream("/asyncapi.yaml")) {
            assertThat(in).as("session-protocol's asyncapi.yaml on the classpath").isNotNull();
            document = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        int start = document.indexOf("\n  " + channel + ":\n");
        assertThat(start).as(channel).isPositive();
        String[] lines = document.substring(document.indexOf("    messages:\n", start)).split("\n");
        Pattern message = Pattern.compile("^      (\\w+): \\{\\$ref");
        List<String> names = new ArrayList<>();
        for (int i = 1; i < lines.length && lines[i].startsWith("      "); i++) {
            Matcher matched = message.matcher(lines[i]);
            if (matched.find()) {
                names.add(matched.group(1));
            }
        }
        return names;
    }

    private static Map<String, Class<?>> subtypes(Class<?> root) {
        Map<String, Class<?>> types = new HashMap<>();
        for (JsonSubTypes.Type type : root.getAnnotation(JsonSubTypes.class).value()) {
            types.put(type.name(), type.value());
        }
        return types;
    }

    /** A plausible instance of a protocol record: ids of the right shape, a value for every component. */
    static Object sample(Class<?> type) throws Exception {
        if (!type.isRecord()) {
            throw new IllegalArgumentException("no sample for " + type);
        }
        RecordComponent[] components = type.getRecordComponents();
        Class<?>[] types = new Class<?>[components.length];
        Object[] values = new Object[components.length];
        for (int i = 0; i < components.length; i++) {
            types[i] = components[i].getType();
            values[i] = value(components[i].getName(), components[i].getType(), components[i].getGenericType());
        }
        Constructor<?> constructor = type.getDeclaredConstructor(types);
        constructor.setAccessible(true);
        return constructor.newInstance(values);
    }

    private static Object value(String name, Class<?> type, Type generic) throws Exception {
        if (type == SessionId.class) {
            return SessionId.random();
        }
        if (type == CommandId.class) {
            return CommandId.random();
        }
        if (type == WorkerId.class) {
            return WorkerId.of("wrk_sample");
        }
        if (type == SessionSpec.class) {
            return SessionSpec.ofProfile("sample");
        }
        if (type == Action.class) {
            return new Action.GetUrl();
        }
        if (type == JsonNode.class) {
            return JsonNodeFactory.instance.objectNode().put("sample", 1);
        }
        if (type == String.class) {
            return name.toLowerCase().contains("url") ? "https://example.test/" : "sample-" + name;
        }
        if (type == Instant.class) {
            return Instant.parse("2026-12-02T06:00:00Z");
        }
        if (type == UUID.class) {
            return UUID.randomUUID();
        }
        if (type == int.class || type == Integer.class) {
            return 1;
        }
        if (type == long.class || type == Long.class) {
            return 2L;
        }
        if (type == double.class || type == Double.class) {
            return 1.5;
        }
        if (type == boolean.class || type == Boolean.class) {
            return Boolean.TRUE;
        }
        if (type.isEnum()) {
            return type.getEnumConstants()[0];
        }
        if (type == List.class) {
            Type element = ((ParameterizedType) generic).getActualTypeArguments()[0];
            return element == String.class ? List.of("sample") : List.of();
        }
        if (type == Map.class) {
            return Map.of();
        }
        if (type.isRecord()) {
            return sample(type);
        }
        throw new IllegalArgumentException("no sample value for " + name + " of " + type);
    }
}
