package io.dormouse.registry.security;

/** The role names endpoints require with {@code @RolesAllowed}; {@link Caller.Role} says which key has which. */
public final class Roles {
    public static final String AGENT = "agent";
    public static final String ADMIN = "admin";
    public static final String OPERATOR = "operator";
    public static final String MONITOR = "monitor";

    private Roles() {
    }
}
