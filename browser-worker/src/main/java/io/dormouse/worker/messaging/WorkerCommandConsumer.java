package io.dormouse.worker.messaging;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.reactive.messaging.Incoming;

import io.dormouse.protocol.ProtocolJson;
import io.dormouse.protocol.WorkerCommand;
import io.dormouse.worker.service.WorkerService;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;

/**
 * Executes the commands of the sessions whose partitions of {@link Channels#SESSION_ACTIONS} this worker owns, and
 * publishes each outcome before the command is acknowledged. Failure strategy: dead-letter topic for payloads that do
 * not decode; a command that fails in the browser is an {@code ActionFailed} outcome, not a message failure.
 */
@ApplicationScoped
public class WorkerCommandConsumer {
    @Inject
    WorkerService worker;

    @Inject
    WorkerPublisher publisher;

    @Inject
    GracefulDrain drain;

    @Incoming(Channels.SESSION_ACTIONS)
    @Blocking
    public void onCommand(String payload, IncomingKafkaRecordMetadata<String, String> record) {
        WorkerCommand command = ProtocolJson.decode(payload, WorkerCommand.class);
        drain.run(command.sessionId(), () -> publisher.publish(worker.execute(command, record.getPartition())));
    }
}
