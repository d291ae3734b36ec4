// A Kafka producer and consumer with the Java client: creates a session and navigates it through the tenant's
// commands topic, awaits each outcome by command id, and prints the session's events from a consumer group.
//
//   curl -s -H "$AUTH" -X POST localhost:8100/v1/admin/kafka-credentials -H 'Content-Type: application/json' \
//        -d '{"tenant":"acme"}' > acme-kafka.json
//   java -cp "$(cat classpath.txt)" clients/java/examples/KafkaQuickstart.java acme-kafka.json http://127.0.0.1:8000/
//
// (classpath.txt: ./mvnw -q -pl clients/java dependency:build-classpath -Dmdep.outputFile=classpath.txt, plus
// clients/java/target/classes.) JavaClientIT runs it against the real stack.

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import io.dormouse.client.DormouseKafka;
import io.dormouse.protocol.Action;
import io.dormouse.protocol.ActionOutcome;
import io.dormouse.protocol.CommandId;
import io.dormouse.protocol.CreateSession;
import io.dormouse.protocol.DormouseEvent;
import io.dormouse.protocol.ProtocolJson;
import io.dormouse.protocol.RunAction;
import io.dormouse.protocol.SessionCreated;
import io.dormouse.protocol.SessionEvent;
import io.dormouse.protocol.SessionId;
import io.dormouse.protocol.SessionSpec;

public class KafkaQuickstart {
    public static void main(String[] args) throws Exception {
        var credential = DormouseKafka.Credential.of(ProtocolJson.mapper().readTree(Files.readString(Path.of(args[0]))));
        SessionId id = SessionId.random();
        List<DormouseEvent> events = new CopyOnWriteArrayList<>();
        try (DormouseKafka kafka = DormouseKafka.connect(credential);
                DormouseKafka.Subscription subscription = kafka.subscribe("quickstart", events::add)) {
            SessionCreated created = kafka.create(new CreateSession(CommandId.random(), id,
                    SessionSpec.ofProfile("quickstart"), List.of("quickstart"), Map.of()), Duration.ofSeconds(60)).get();
            System.out.println("created " + created.sessionId().value() + " with tags " + created.tags());
            ActionOutcome page = kafka.run(new RunAction(CommandId.random(), id, null, new Action.Navigate(args[1], null),
                    null, Instant.now(), 30_000), Duration.ofSeconds(60)).get();
            System.out.println("navigated: " + ProtocolJson.encode(page));
            // The group's first join takes a moment; its offsets start at the topic's beginning, so nothing is missed.
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (System.nanoTime() < deadline && events.stream().noneMatch(event -> event instanceof SessionEvent
                    session && session.sessionId().equals(id) && event.getClass().getSimpleName().equals("SessionActivated"))) {
                Thread.sleep(100);
            }
            events.stream().filter(event -> event instanceof SessionEvent session && session.sessionId().equals(id))
                    .forEach(event -> System.out.println("event " + event.getClass().getSimpleName()));
        }
    }
}
