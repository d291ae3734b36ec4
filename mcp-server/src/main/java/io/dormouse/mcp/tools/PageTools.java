package io.dormouse.mcp.tools;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import io.dormouse.client.DormouseClient;
import io.dormouse.client.Session;
import io.dormouse.mcp.tools.Tool.Effect;
import io.dormouse.protocol.Action;
import io.dormouse.protocol.ProtocolJson;
import io.dormouse.protocol.SessionId;

/**
 * The tools that drive a session's active tab, each one action of the HTTP API on the session named by
 * {@code session_id}; a hibernated session wakes for it with its tabs, cookies and storage.
 */
final class PageTools {
    private static final List<String> LOAD_STATES = List.of("load", "domcontentloaded", "networkidle", "commit");
    private static final String SELECTOR = "The element: a [ref=eN] from aria_snapshot written as aria-ref=eN (best), "
            + "a CSS selector such as #submit, or text=Log in.";

    private PageTools() {
    }

    static List<Tool> all() {
        return List.of(navigate(), ariaSnapshot(), click(), fill(), type(), press(), selectOption(), waitFor(),
                evaluate(), screenshot(), tabs(), back(), forward());
    }

    private static Tool navigate() {
        return new Tool("navigate", """
                Opens a URL in the session's active tab and waits for it to load; returns the final URL, title and \
                HTTP status. Some destinations (the machine's own files and services, private networks) are refused \
                by the operator's policy with the error code policy-denied.""",
                Schema.forSession()
                        .string("url", "The absolute http(s) URL to open.", true)
                        .enumeration("wait_until", "When the page counts as loaded (default load).", LOAD_STATES,
                                false),
                Effect.CHANGES, (client, args) -> act(client, args.sessionId(),
                        new Action.Navigate(args.string("url"), args.optionalString("wait_until"))));
    }

    private static Tool ariaSnapshot() {
        return new Tool("aria_snapshot", """
                Reads the active page as an accessibility tree in YAML: roles, names, values and states of what is \
                on screen, each element with a reference like [ref=e5]. Act on an element by passing \
                selector 'aria-ref=e5' to click, fill, type, press or select_option. References hold until the next \
                snapshot or navigation; take a new snapshot after the page changed.""",
                Schema.forSession()
                        .string("selector", "Only the part of the page under this element (any selector).", false)
                        .integer("depth", "How many levels of the tree to show (default all).", 1, 100, false),
                Effect.READS, (client, args) -> act(client, args.sessionId(),
                        new Action.AriaSnapshot(args.optionalString("selector"), args.optionalInteger("depth"))));
    }

    private static Tool click() {
        return new Tool("click", "Clicks an element once it is visible and enabled (e.g. a button or a link).",
                Schema.forSession().string("selector", SELECTOR, true), Effect.CHANGES,
                (client, args) -> act(client, args.sessionId(), new Action.Click(args.string("selector"))));
    }

    private static Tool fill() {
        return new Tool("fill", "Replaces the text of an input, text area or editable element with value.",
                Schema.forSession().string("selector", SELECTOR, true)
                        .string("value", "The text the field should hold.", true),
                Effect.CHANGES, (client, args) -> act(client, args.sessionId(),
                        new Action.Fill(args.string("selector"), args.string("value"))));
    }

    private static Tool type() {
        return new Tool("type", """
                Types text into an element key by key, as a person would (for fields that react to each key); use \
                fill to set a field's whole value at once.""",
                Schema.forSession().string("selector", SELECTOR, true)
                        .string("text", "The text to type.", true)
                        .integer("delay_ms", "Pause between keys in milliseconds (default 0).", 0, 1000, false),
                Effect.CHANGES, (client, args) -> act(client, args.sessionId(), new Action.Type(
                        args.string("selector"), args.string("text"), args.optionalInteger("delay_ms"))));
    }

    private static Tool press() {
        return new Tool("press",
                "Presses a key or a combination on an element, e.g. Enter, Tab, ArrowDown or Control+a.",
                Schema.forSession().string("selector", SELECTOR, true)
                        .string("key", "The key, as Playwright names it: Enter, Escape, Tab, ArrowDown, Control+a…",
                                true),
                Effect.CHANGES, (client, args) -> act(client, args.sessionId(),
                        new Action.Press(args.string("selector"), args.string("key"))));
    }

    private static Tool selectOption() {
        return new Tool("select_option",
                "Selects options of a <select> element by value or label; returns what is now selected.",
                Schema.forSession().string("selector", SELECTOR, true)
                        .strings("values", "The options' values or labels (several for a multiple select).", true),
                Effect.CHANGES, (client, args) -> act(client, args.sessionId(),
                        new Action.SelectOption(args.string("selector"), args.strings("values"))));
    }

    private static Tool waitFor() {
        return new Tool("wait_for", """
                Waits until an element reaches a state (selector, state) or until the page's URL matches (url as a \
                glob such as **/checkout, or regex); give exactly one of selector, url and regex.""",
                Schema.forSession().string("selector", SELECTOR, false)
                        .enumeration("state", "With selector: the state to wait for (default visible).",
                                List.of("visible", "hidden", "attached", "detached"), false)
                        .string("url", "A glob the URL must match, e.g. **/app.", false)
                        .string("regex", "A regular expression the URL must match, e.g. .*/app$.", false),
                Effect.READS, (client, args) -> {
                    int given = (args.has("selector") ? 1 : 0) + (args.has("url") ? 1 : 0)
                            + (args.has("regex") ? 1 : 0);
                    if (given != 1) {
                        throw ToolException.invalid("wait_for takes exactly one of selector, url and regex");
                    }
                    Action action = args.has("selector")
                            ? new Action.WaitForSelector(args.string("selector"), args.optionalString("state"))
                            : new Action.WaitForUrl(args.optionalString("url"), args.optionalString("regex"));
                    return act(client, args.sessionId(), action);
                });
    }

    private static Tool evaluate() {
        return new Tool("evaluate", """
                Runs JavaScript in the active page and returns its JSON result: an expression such as \
                document.title, or a function such as (arg) => arg * 2 called with arg. A promise is awaited.""",
                Schema.forSession().string("expression", "The JavaScript expression or function.", true)
                        .anyJson("arg", "The argument a function expression is called with."),
                Effect.CHANGES, (client, args) -> act(client, args.sessionId(), new Action.Evaluate(
                        args.string("expression"), ProtocolJson.mapper().valueToTree(args.raw("arg")))));
    }

    private static Tool screenshot() {
        return new Tool("screenshot", "A PNG image of the active tab's viewport, of the full page, or of one element.",
                Schema.forSession().string("selector", "Only this element.", false)
                        .bool("full_page", "The whole scrollable page instead of the viewport."),
                Effect.READS, (client, args) -> {
                    SessionId id = args.sessionId();
                    // Action.Screenshot refuses a selector with a full page (invalid-request).
                    byte[] png = client.session(id).activePage().screenshot(args.optionalString("selector"),
                            args.flag("full_page"));
                    return ToolResults.image(id, png);
                });
    }

    private static Tool tabs() {
        return new Tool("tabs", """
                The session's tabs: list them (index, URL, title, which is active), open a new one (with url), switch \
                the active tab to index, or close the tab at index. Page tools act on the active tab.""",
                Schema.forSession()
                        .enumeration("operation", "What to do (default list).", List.of("list", "open", "switch",
                                "close"), false)
                        .integer("index", "For switch and close: the tab's index from list.", 0, 99, false)
                        .string("url", "For open: the URL the new tab opens.", false),
                Effect.CHANGES, (client, args) -> {
                    String operation = args.has("operation") ? args.string("operation") : "list";
                    Action action = switch (operation) {
                        case "list" -> new Action.ListPages();
                        case "open" -> new Action.NewPage(args.optionalString("url"));
                        case "switch" -> new Action.SwitchPage(args.integer("index"));
                        case "close" -> new Action.ClosePage(args.integer("index"));
                        default -> throw ToolException.invalid("operation must be list, open, switch or close");
                    };
                    return act(client, args.sessionId(), action);
                });
    }

    private static Tool back() {
        return new Tool("back", "Goes back one entry in the active tab's history, like the browser's back button.",
                Schema.forSession(), Effect.CHANGES,
                (client, args) -> act(client, args.sessionId(), new Action.Back(null)));
    }

    private static Tool forward() {
        return new Tool("forward", "Goes forward one entry in the active tab's history.", Schema.forSession(),
                Effect.CHANGES, (client, args) -> act(client, args.sessionId(), new Action.Forward(null)));
    }

    private static io.modelcontextprotocol.spec.McpSchema.CallToolResult act(DormouseClient client, SessionId id,
            Action action) {
        Session.Result done = client.session(id).act(action);
        JsonNode result = done.result();
        return ToolResults.acted(id, done.sessionState() == null ? "ACTIVE" : done.sessionState(), result);
    }
}
