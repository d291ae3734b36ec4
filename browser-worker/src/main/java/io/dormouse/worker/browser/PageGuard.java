package io.dormouse.worker.browser;

import java.util.ArrayList;
import java.util.List;

import com.microsoft.playwright.Frame;
import com.microsoft.playwright.Page;

import io.dormouse.protocol.ActionError;
import io.dormouse.worker.policy.NavigationPolicy;

/**
 * The second line behind the URL check: before and after every action, every tab and frame of the session must be on
 * a URL the policy lets pages show. A tab that reached a local file, a browser page or anything else the check would
 * have refused (however it got there) is closed before any action can read it, and the action fails with
 * {@code policy-denied}. Reading the URLs costs no browser round trip: Playwright keeps them client-side (brought up
 * to date first when a CDP client drove the session, {@link LiveSession#syncView}). Playwright thread only.
 */
final class PageGuard {
    private PageGuard() {
    }

    static void enforce(LiveSession session, NavigationPolicy policy) {
        session.syncView();
        List<String> breaches = new ArrayList<>();
        for (Page page : session.openPages()) {
            String breach = null;
            for (Frame frame : page.frames()) {
                if (!policy.mayShow(frame.url())) {
                    breach = frame.url();
                    break;
                }
            }
            if (breach != null) {
                breaches.add(breach);
                page.close();
                if (session.activePage == page) {
                    session.activePage = null;
                }
            }
        }
        if (!breaches.isEmpty()) {
            session.page();
            throw new ActionException(ActionError.POLICY_DENIED, "a tab reached "
                    + String.join(", ", breaches.stream().map(PageGuard::shortened).toList())
                    + ", which the navigation policy does not let pages show; the tab was closed");
        }
    }

    private static String shortened(String url) {
        return url.length() > 120 ? url.substring(0, 120) + "…" : url;
    }
}
