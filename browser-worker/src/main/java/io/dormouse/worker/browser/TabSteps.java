package io.dormouse.worker.browser;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.microsoft.playwright.Page;

import io.dormouse.protocol.Action;
import io.dormouse.protocol.ActionError;

/** Actions on the session's tabs; each answers the tabs as they are after it, {@code {active, pages}}. */
final class TabSteps {
    private TabSteps() {
    }

    static JsonNode newPage(ActionSteps steps, Action.NewPage newPage) {
        steps.run(() -> steps.session.activePage = steps.session.context.newPage());
        if (newPage.url() != null) {
            NavigationSteps.navigate(steps, newPage.url(), null);
        }
        return list(steps);
    }

    static JsonNode list(ActionSteps steps) {
        return steps.call(() -> describe(steps.session));
    }

    static JsonNode switchTo(ActionSteps steps, Action.SwitchPage switchPage) {
        return steps.call(() -> {
            Page page = at(steps.session, switchPage.index());
            page.bringToFront();
            steps.session.activePage = page;
            return describe(steps.session);
        });
    }

    static JsonNode close(ActionSteps steps, Action.ClosePage closePage) {
        return steps.call(() -> {
            LiveSession session = steps.session;
            Page page = at(session, closePage.index());
            page.close();
            if (session.activePage == page) {
                session.activePage = null;
            }
            session.page();
            return describe(session);
        });
    }

    /** Playwright thread only. */
    private static JsonNode describe(LiveSession session) {
        ObjectNode result = JsonNodeFactory.instance.objectNode();
        ArrayNode pages = result.putArray("pages");
        List<Page> open = session.openPages();
        Page active = session.page();
        for (int i = 0; i < open.size(); i++) {
            Page page = open.get(i);
            pages.addObject().put("index", i).put("url", page.url()).put("title", page.title());
            if (page == active) {
                result.put("active", i);
            }
        }
        return result;
    }

    private static Page at(LiveSession session, int index) {
        List<Page> open = session.openPages();
        if (index >= open.size()) {
            throw new ActionException(ActionError.INVALID_COMMAND,
                    "the session has " + open.size() + " tabs; there is no tab at index " + index);
        }
        return open.get(index);
    }
}
