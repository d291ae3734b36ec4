package io.dormouse.protocol;

/**
 * Where a command's time went: {@code queuedMillis} from issue until the worker started it (Kafka and queueing),
 * {@code activationMillis} creating or rehydrating the context, {@code executionMillis} the action itself.
 */
public record Timings(long queuedMillis, long activationMillis, long executionMillis) {
}
