package io.dormouse.worker.cdp;

import java.util.Set;

/**
 * What a gateway client may call, as allow lists: the CDP domains that act on the session's own targets, the few
 * browser-level methods a client library needs at connect time, and the methods of those domains that would reach past
 * the session (the worker's disk, other contexts) and are refused all the same.
 */
final class CdpMethods {
    /** Domains of a target session (a page, frame or worker of the session's own context). */
    static final Set<String> TARGET_DOMAINS = Set.of("Accessibility", "Animation", "Audits", "Autofill", "CSS",
            "CacheStorage", "Console", "DOM", "DOMDebugger", "DOMSnapshot", "DOMStorage", "Debugger", "Emulation",
            "EventBreakpoints", "Fetch", "HeadlessExperimental", "HeapProfiler", "IO", "IndexedDB", "Input",
            "Inspector",
            "LayerTree", "Log", "Media", "Network", "Overlay", "Page", "Performance", "PerformanceTimeline", "Preload",
            "Profiler", "Runtime", "Schema", "Security", "ServiceWorker", "Storage", "WebAudio", "WebAuthn");

    /**
     * Methods of allowed domains that are refused anyway: they read the worker's files into the page, load a URL past
     * the page's network stack, or crash the renderer other tools watch.
     */
    static final Set<String> REFUSED = Set.of("DOM.setFileInputFiles", "Network.loadNetworkResource", "Page.crash",
            "Page.addCompilationCache", "Page.produceCompilationCache");

    /** Browser-level methods a client may call as they are. */
    static final Set<String> BROWSER_PASS = Set.of("Browser.getVersion", "Target.setDiscoverTargets",
            "Target.setAutoAttach");

    /** Methods that take a {@code browserContextId}: it may only be the session's, and is set to it when absent. */
    static final Set<String> CONTEXT_SCOPED = Set.of("Browser.grantPermissions", "Browser.resetPermissions",
            "Browser.setPermission", "Storage.getCookies", "Storage.setCookies", "Storage.clearCookies");

    /** Target methods naming a target by {@code targetId}, which must be one of the session's. */
    static final Set<String> TARGET_ADDRESSED = Set.of("Target.activateTarget", "Target.closeTarget",
            "Target.autoAttachRelated", "Browser.getWindowForTarget", "Target.getTargetInfo");

    private CdpMethods() {
    }

    static String domainOf(String method) {
        int dot = method.indexOf('.');
        return dot < 0 ? "" : method.substring(0, dot);
    }
}
