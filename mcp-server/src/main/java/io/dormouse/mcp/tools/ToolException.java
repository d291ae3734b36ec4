package io.dormouse.mcp.tools;

/**
 * A tool call that cannot be done as asked: it goes back to the model as a tool error carrying {@code code}, the
 * HTTP API's error code (e.g. {@code invalid-request}), so the model can correct the call.
 */
public final class ToolException extends RuntimeException {
    private final String code;

    public ToolException(String code, String message) {
        super(message);
        this.code = code;
    }

    public String code() {
        return code;
    }

    public static ToolException invalid(String message) {
        return new ToolException("invalid-request", message);
    }
}
