package io.dormouse.worker.messaging;

import java.util.concurrent.CompletionStage;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

import io.dormouse.protocol.ProtocolException;
import io.dormouse.protocol.ProtocolJson;
import io.dormouse.protocol.WorkerCommand;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;

/**
 * Takes the commands of the sessions whose partitions of {@link Channels#SESSION_ACTIONS} this worker owns and hands
 * them to the {@link CommandDispatcher}, which acknowledges each once its outcome is published. Failure strategy:
 * dead-letter topic for payloads that do not decode; a command that fails in the browser is an {@code ActionFailed}
 * outcome, not a message failure.
 */
@ApplicationScoped
public class WorkerCommandConsumer {
    @Inject
    CommandDispatcher dispatcher;

    @Incoming(Channels.SESSION_ACTIONS)
    public CompletionStage<Void> onCommand(Message<String> message) {
        WorkerCommand command;
        try {
            command = ProtocolJson.decode(message.getPayload(), WorkerCommand.class);
        } catch (ProtocolException e) {
            return message.nack(e);
        }
        int partition = message.getMetadata(IncomingKafkaRecordMetadata.class).orElseThrow().getPartition();
        return dispatcher.dispatch(command, partition, message);
    }
}
