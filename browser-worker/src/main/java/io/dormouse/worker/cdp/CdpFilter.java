package io.dormouse.worker.cdp;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.dormouse.worker.policy.UrlJudge;

/**
 * Confines one CDP client to one session's browser context. It sits between the client and a browser-level DevTools
 * connection of its own and decides for every message: what the client sends is passed on, rewritten to the session's
 * context, answered here or refused; what the browser sends is passed on only when it is about the session's own
 * targets. The client learns of no other target, cannot attach to one and cannot reach past the context (other
 * contexts, the worker's disk, the browser process).
 * <p>
 * Not thread-safe: a relay calls it from its one event loop.
 */
public final class CdpFilter {
    /** Ids of the filter's own requests; clients count from 1, so they never get this far. */
    static final long INTERNAL_IDS = 2_000_000_000L;

    /** Makes the filter of one connection, given where its verdicts go. */
    interface Factory {
        CdpFilter create(Outbox out);
    }

    /** Where the filter's verdicts go. */
    public interface Outbox {
        void toBrowser(String message);

        void toClient(String message);

        /** The client asked the browser to close: the gateway disconnects it instead. */
        void disconnect();
    }

    private enum Followup {
        FILTER_TARGETS,
        ADD_TARGET,
        ADD_SESSION
    }

    private final String contextId;
    private final Function<String, UrlJudge.Verdict> urls;
    private final Outbox out;
    private final Set<String> targets = new HashSet<>();
    private final Set<String> sessions = new HashSet<>();
    private final Map<String, Followup> pending = new HashMap<>();
    private long nextInternalId = INTERNAL_IDS;

    /** {@code contextId}: the session's {@code browserContextId}; {@code urls}: the navigation policy's URL check. */
    public CdpFilter(String contextId, Function<String, UrlJudge.Verdict> urls, Outbox out) {
        this.contextId = contextId;
        this.urls = urls;
        this.out = out;
    }

    /** The session's targets this client knows of. */
    public Set<String> targets() {
        return Set.copyOf(targets);
    }

    public void fromClient(String text) {
        ObjectNode message;
        try {
            message = CdpMessage.parse(text);
        } catch (IllegalArgumentException e) {
            out.toClient(CdpMessage.error(null, null, CdpMessage.PARSE_ERROR, e.getMessage()));
            return;
        }
        JsonNode id = message.get("id");
        String method = message.path("method").asText("");
        String session = CdpMessage.text(message, "sessionId");
        if (id == null || !id.canConvertToLong() || method.isEmpty()) {
            out.toClient(CdpMessage.error(id, session, CdpMessage.INVALID_REQUEST,
                    "a command needs a numeric id and a method"));
            return;
        }
        if (id.asLong() >= INTERNAL_IDS) {
            out.toClient(CdpMessage.error(id, session, CdpMessage.INVALID_REQUEST,
                    "command ids from " + INTERNAL_IDS + " up are the gateway's own"));
            return;
        }
        if (session != null && !sessions.contains(session)) {
            out.toClient(CdpMessage.error(id, session, CdpMessage.SERVER_ERROR,
                    "Session with given id not found."));
            return;
        }
        String refusal = session == null ? browserCommand(message, method) : targetCommand(message, method);
        if (refusal != null) {
            out.toClient(CdpMessage.error(id, session, CdpMessage.SERVER_ERROR, refusal));
        }
    }

    /** A command on the browser-level connection; returns why it is refused, or null once it was dealt with. */
    private String browserCommand(ObjectNode message, String method) {
        if (method.startsWith("Target.")) {
            return targetDomain(message, method);
        }
        if (CdpMethods.BROWSER_PASS.contains(method)) {
            out.toBrowser(message.toString());
            return null;
        }
        return switch (method) {
            case "Browser.close" -> {
                // Closing the browser would close every session on the worker; the client only leaves.
                out.toClient(CdpMessage.result(message.get("id"), null, CdpMessage.object()));
                out.disconnect();
                yield null;
            }
            case "Browser.setDownloadBehavior" -> downloads(message);
            case "Browser.getWindowForTarget" -> addressed(message);
            default -> CdpMethods.CONTEXT_SCOPED.contains(method)
                    ? scoped(message)
                    : "'" + method + "' is not available through the Dormouse CDP gateway: a session's connection"
                            + " reaches its own pages only";
        };
    }

    /** A command on one of the session's target sessions. */
    private String targetCommand(ObjectNode message, String method) {
        String domain = CdpMethods.domainOf(method);
        if (domain.equals("Target")) {
            return targetDomain(message, method);
        }
        if (method.equals("Browser.getVersion")) {
            out.toBrowser(message.toString());
            return null;
        }
        if (method.equals("Browser.getWindowForTarget")) {
            return addressed(message);
        }
        if (!CdpMethods.TARGET_DOMAINS.contains(domain) || CdpMethods.REFUSED.contains(method)) {
            return "'" + method + "' is not available through the Dormouse CDP gateway";
        }
        return switch (method) {
            case "Page.navigate" -> navigate(message, "url");
            case "Page.setDownloadBehavior" -> {
                // Downloads would land on the worker's disk; the session's pages may not download.
                params(message).removeAll();
                params(message).put("behavior", "deny");
                out.toBrowser(message.toString());
                yield null;
            }
            default -> CdpMethods.CONTEXT_SCOPED.contains(method) ? scoped(message) : pass(message);
        };
    }

    private String targetDomain(ObjectNode message, String method) {
        ObjectNode params = params(message);
        return switch (method) {
            case "Target.setDiscoverTargets", "Target.setAutoAttach" -> pass(message);
            // The session is the client's default context: contexts()[0] in Playwright, the default one in Puppeteer.
            case "Target.getBrowserContexts" -> {
                ObjectNode result = CdpMessage.object();
                result.putArray("browserContextIds");
                out.toClient(CdpMessage.result(message.get("id"), CdpMessage.text(message, "sessionId"), result));
                yield null;
            }
            case "Target.getTargets" -> follow(message, Followup.FILTER_TARGETS);
            case "Target.createTarget" -> {
                String refusal = ownContext(params);
                if (refusal == null) {
                    refusal = judge(params, "url");
                }
                yield refusal != null ? refusal : follow(message, Followup.ADD_TARGET);
            }
            case "Target.attachToTarget" -> {
                if (!targets.contains(params.path("targetId").asText())) {
                    yield "No target with given id found";
                }
                if (!params.path("flatten").asBoolean(false)) {
                    yield "the Dormouse CDP gateway speaks flat sessions only: attach with flatten: true";
                }
                yield follow(message, Followup.ADD_SESSION);
            }
            case "Target.detachFromTarget" -> {
                String child = CdpMessage.text(params, "sessionId");
                boolean ours = child != null
                        ? sessions.contains(child)
                        : targets.contains(params.path("targetId").asText());
                yield ours ? pass(message) : "No session with given id";
            }
            case "Target.getTargetInfo" -> params.has("targetId") ? addressed(message) : pass(message);
            case "Target.activateTarget", "Target.closeTarget", "Target.autoAttachRelated" -> addressed(message);
            default -> "'" + method + "' is not available through the Dormouse CDP gateway: a session's connection"
                    + " cannot reach other browser contexts or the browser itself";
        };
    }

    private String addressed(ObjectNode message) {
        ObjectNode params = params(message);
        if (params.has("targetId") && !targets.contains(params.path("targetId").asText())) {
            return "No target with given id found";
        }
        if (!params.has("targetId") && CdpMessage.text(message, "sessionId") == null) {
            return "a targetId of one of the session's pages is required";
        }
        return pass(message);
    }

    private String scoped(ObjectNode message) {
        String refusal = ownContext(params(message));
        return refusal != null ? refusal : pass(message);
    }

    private String downloads(ObjectNode message) {
        ObjectNode params = params(message);
        String refusal = ownContext(params);
        if (refusal != null) {
            return refusal;
        }
        boolean events = params.path("eventsEnabled").asBoolean(false);
        params.removeAll();
        params.put("behavior", "deny").put("browserContextId", contextId).put("eventsEnabled", events);
        return pass(message);
    }

    /** Sets the session's context where the command names none; refuses any other. */
    private String ownContext(ObjectNode params) {
        String named = CdpMessage.text(params, "browserContextId");
        if (named != null && !named.equals(contextId)) {
            return "browserContextId " + named + " is not this session's";
        }
        params.put("browserContextId", contextId);
        return null;
    }

    private String navigate(ObjectNode message, String field) {
        String refusal = judge(params(message), field);
        return refusal != null ? refusal : pass(message);
    }

    /** Applies the navigation policy to a URL parameter, replacing it with the spelling the policy judged. */
    private String judge(ObjectNode params, String field) {
        String url = CdpMessage.text(params, field);
        if (url == null || url.isEmpty()) {
            return null;
        }
        return switch (urls.apply(url)) {
            case UrlJudge.Verdict.Allowed allowed -> {
                params.put(field, allowed.url());
                yield null;
            }
            case UrlJudge.Verdict.Denied denied -> "policy-denied: " + denied.reason();
        };
    }

    private String pass(ObjectNode message) {
        out.toBrowser(message.toString());
        return null;
    }

    private String follow(ObjectNode message, Followup followup) {
        pending.put(key(CdpMessage.text(message, "sessionId"), message.get("id").asLong()), followup);
        return pass(message);
    }

    public void fromBrowser(String text) {
        CdpMessage.Envelope envelope = CdpMessage.peek(text);
        if (envelope.session() != null && !sessions.contains(envelope.session())) {
            return;
        }
        if (envelope.id() != null) {
            if (envelope.id() >= INTERNAL_IDS) {
                return;
            }
            Followup followup = pending.remove(key(envelope.session(), envelope.id()));
            if (followup == null) {
                out.toClient(text);
            } else {
                response(CdpMessage.parse(text), followup);
            }
            return;
        }
        if (envelope.method() != null && envelope.method().startsWith("Target.")) {
            event(CdpMessage.parse(text), envelope.method(), envelope.session());
            return;
        }
        out.toClient(text);
    }

    private void response(ObjectNode message, Followup followup) {
        JsonNode result = message.path("result");
        switch (followup) {
            case FILTER_TARGETS -> {
                if (result.path("targetInfos").isArray()) {
                    ArrayNode kept = JsonNodeFactory.instance.arrayNode();
                    result.path("targetInfos").forEach(info -> {
                        if (ours(info)) {
                            targets.add(info.path("targetId").asText());
                            kept.add(info);
                        }
                    });
                    ((ObjectNode) result).set("targetInfos", kept);
                }
            }
            case ADD_TARGET -> {
                if (result.has("targetId")) {
                    targets.add(result.path("targetId").asText());
                }
            }
            case ADD_SESSION -> {
                if (result.has("sessionId")) {
                    sessions.add(result.path("sessionId").asText());
                }
            }
        }
        out.toClient(message.toString());
    }

    private void event(ObjectNode message, String method, String session) {
        JsonNode params = message.path("params");
        JsonNode info = params.path("targetInfo");
        String targetId = info.has("targetId")
                ? info.path("targetId").asText()
                : params.path("targetId").asText(null);
        switch (method) {
            case "Target.targetCreated", "Target.targetInfoChanged" -> {
                if (!ours(info)) {
                    return;
                }
                targets.add(targetId);
            }
            case "Target.targetDestroyed", "Target.targetCrashed" -> {
                if (!targets.contains(targetId)) {
                    return;
                }
                if (method.equals("Target.targetDestroyed")) {
                    targets.remove(targetId);
                }
            }
            case "Target.attachedToTarget" -> {
                String child = params.path("sessionId").asText();
                if (!ours(info)) {
                    release(child, session, params.path("waitingForDebugger").asBoolean(false));
                    return;
                }
                targets.add(targetId);
                sessions.add(child);
            }
            case "Target.detachedFromTarget" -> {
                if (!sessions.remove(params.path("sessionId").asText())) {
                    return;
                }
            }
            // Non-flat sessions are refused, so their messages have nobody to go to.
            case "Target.receivedMessageFromTarget" -> {
                return;
            }
            default -> {
            }
        }
        out.toClient(message.toString());
    }

    /**
     * Auto-attach reaches every context's new targets and pauses them for this client; one of another session is
     * resumed and let go at once, without the client ever hearing of it.
     */
    private void release(String child, String parent, boolean waiting) {
        if (waiting) {
            out.toBrowser(CdpMessage.command(nextInternalId++, child, "Runtime.runIfWaitingForDebugger",
                    CdpMessage.object()));
        }
        ObjectNode params = CdpMessage.object().put("sessionId", child);
        out.toBrowser(CdpMessage.command(nextInternalId++, parent, "Target.detachFromTarget", params));
    }

    private boolean ours(JsonNode info) {
        return contextId.equals(info.path("browserContextId").asText(null));
    }

    private static ObjectNode params(ObjectNode message) {
        JsonNode params = message.get("params");
        if (params instanceof ObjectNode object) {
            return object;
        }
        return message.putObject("params");
    }

    private static String key(String session, long id) {
        return session == null ? Long.toString(id) : session + "#" + id;
    }
}
