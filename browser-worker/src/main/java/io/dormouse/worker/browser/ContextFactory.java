package io.dormouse.worker.browser;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.CDPSession;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.Proxy;

import io.dormouse.protocol.SessionId;
import io.dormouse.protocol.SessionSpec;
import io.dormouse.worker.policy.EgressProxy;
import io.dormouse.worker.policy.EgressRoute;

/**
 * Builds fresh browser contexts from a spec, and the options every context gets; rehydrating one from a snapshot is
 * {@link SnapshotRestore}'s. Playwright thread only.
 */
final class ContextFactory {
    private ContextFactory() {
    }

    static LiveSession fresh(Browser browser, SessionId id, int partition, SessionSpec spec, EgressRoute egress) {
        BrowserContext context = browser.newContext(options(spec, egress));
        return new LiveSession(id, partition, spec, context, context.newPage(), egress);
    }

    /** A warm context becomes a fresh session's context as it is; its scratch page goes. */
    static LiveSession freshFromWarm(WarmPool.Warm warm, SessionId id, int partition, SessionSpec spec) {
        warm.scratch().close();
        LiveSession session = new LiveSession(id, partition, spec, warm.context(), warm.page(), warm.egress());
        session.cdpContextId = warm.cdpContextId();
        return session;
    }

    /** The context's CDP {@code browserContextId}, asked of one of its pages. Playwright thread only. */
    static String cdpContextId(BrowserContext context, Page page) {
        CDPSession probe = context.newCDPSession(page);
        try {
            return probe.send("Target.getTargetInfo").getAsJsonObject("targetInfo").get("browserContextId")
                    .getAsString();
        } finally {
            probe.detach();
        }
    }

    /** Options of a pre-warmed context: what {@link WarmPool#fits} sessions get. */
    static Browser.NewContextOptions warmOptions(EgressRoute egress) {
        return options(SessionSpec.ofProfile("warm"), egress);
    }

    /** The options every session's context gets: its spec, and the egress proxy in front of every connection. */
    static Browser.NewContextOptions options(SessionSpec spec, EgressRoute egress) {
        Browser.NewContextOptions options = new Browser.NewContextOptions()
                .setViewportSize(spec.viewport().width(), spec.viewport().height());
        if (spec.userAgent() != null) {
            options.setUserAgent(spec.userAgent());
        }
        if (spec.locale() != null) {
            options.setLocale(spec.locale());
        }
        if (spec.timezone() != null) {
            options.setTimezoneId(spec.timezone());
        }
        // Every connection goes through the egress proxy, which applies the navigation policy and, when the spec names
        // one, forwards to the session's own proxy. Loopback is proxied too ("<-loopback>" removes Chromium's implicit
        // bypass), so the policy sees it.
        EgressProxy.Endpoint endpoint = egress.endpoint();
        options.setProxy(new Proxy(endpoint.server()).setUsername(endpoint.username())
                .setPassword(endpoint.password()).setBypass("<-loopback>"));
        return options;
    }
}
