package io.dormouse.protocol;

/** A payload that is not a valid Dormouse message; the message says what is wrong with it. */
public class ProtocolException extends RuntimeException {
    public ProtocolException(String message, Throwable cause) {
        super(message, cause);
    }
}
