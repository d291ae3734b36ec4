package io.dormouse.registry.messaging;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.reactive.messaging.Incoming;

import io.dormouse.protocol.DormouseEvent;
import io.dormouse.protocol.ProtocolJson;
import io.dormouse.protocol.WorkerHeartbeat;
import io.dormouse.registry.gateway.WorkerDirectory;

/** Feeds the {@link WorkerDirectory} from the workers' heartbeats. */
@ApplicationScoped
public class WorkerHeartbeatConsumer {
    @Inject
    WorkerDirectory directory;

    @Incoming(Channels.WORKER_HEARTBEATS)
    public void consume(String json) {
        if (ProtocolJson.decode(json, DormouseEvent.class) instanceof WorkerHeartbeat heartbeat) {
            directory.heard(heartbeat);
        }
    }
}
