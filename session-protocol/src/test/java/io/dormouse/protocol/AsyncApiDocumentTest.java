package io.dormouse.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.annotation.JsonSubTypes;

/** The AsyncAPI document shipped with the protocol names every command, event and action type there is. */
class AsyncApiDocumentTest {
    @Test
    void everyMessageAndActionTypeIsDocumented() throws IOException {
        String document;
        try (InputStream in = getClass().getResourceAsStream("/asyncapi.yaml")) {
            assertThat(in).as("asyncapi.yaml on the classpath").isNotNull();
            document = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        List<String> names = new ArrayList<>();
        for (Class<?> root : List.of(SessionCommand.class, DormouseEvent.class, Action.class)) {
            for (JsonSubTypes.Type type : root.getAnnotation(JsonSubTypes.class).value()) {
                names.add(type.name());
            }
        }
        assertThat(names).isNotEmpty().allSatisfy(name -> assertThat(document).as(name)
                .containsPattern("(?m)(^\\s+" + name + ":|[\\[, ]" + name + "[,\\]])"));
        // The trust boundary: the security scheme on every server, and a tenant's own three channels at the addresses
        // the registry uses.
        assertThat(document).contains("type: scramSha512");
        assertThat(document.split("security:", -1)).hasSizeGreaterThanOrEqualTo(3);
        for (String kind : List.of(Topics.TENANT_COMMANDS, Topics.TENANT_RESULTS, Topics.TENANT_EVENTS)) {
            assertThat(document).contains("address: " + Topics.tenantTopic(Topics.TENANT_PREFIX, "{tenant}", kind));
        }
        for (String code : List.of(ActionError.TIMEOUT, ActionError.POLICY_DENIED, ActionError.DUPLICATE_COMMAND,
                ActionError.RESULT_TOO_LARGE, ActionError.WORKER_LOST)) {
            assertThat(document).contains(code);
        }
    }
}
