package io.dormouse.registry.config;

import jakarta.inject.Singleton;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.dormouse.protocol.ProtocolJson;
import io.quarkus.jackson.ObjectMapperCustomizer;

/** HTTP bodies use the protocol's strict JSON rules: unknown fields and unknown types are errors. */
@Singleton
public class ProtocolObjectMapper implements ObjectMapperCustomizer {
    @Override
    public void customize(ObjectMapper mapper) {
        ProtocolJson.configure(mapper);
    }
}
