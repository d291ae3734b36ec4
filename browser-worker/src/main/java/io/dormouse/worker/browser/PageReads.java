package io.dormouse.worker.browser;

import java.util.Base64;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaSnapshotMode;

import io.dormouse.protocol.Action;

/** Actions that read the active page: its URL, title and HTML, its accessibility tree, a screenshot, a PDF. */
final class PageReads {
    private PageReads() {
    }

    static JsonNode url(ActionSteps steps) {
        return JsonNodeFactory.instance.textNode(steps.onPage(Page::url));
    }

    static JsonNode title(ActionSteps steps) {
        return JsonNodeFactory.instance.textNode(steps.onPage(Page::title));
    }

    static JsonNode content(ActionSteps steps) {
        return JsonNodeFactory.instance.textNode(steps.onPage(Page::content));
    }

    /**
     * Playwright's snapshot for models ({@code AI} mode): it numbers the elements ({@code [ref=eN]}) and keeps the
     * numbering in the page, so {@code aria-ref=eN} selectors of later actions find them until the next snapshot.
     */
    static JsonNode ariaSnapshot(ActionSteps steps, Action.AriaSnapshot snapshot) {
        if (snapshot.selector() != null) {
            return JsonNodeFactory.instance.textNode(ElementSteps.actFor(steps, snapshot.selector(),
                    (locator, timeout) -> locator.ariaSnapshot(locatorOptions(snapshot, timeout))));
        }
        Page.AriaSnapshotOptions options = new Page.AriaSnapshotOptions().setMode(AriaSnapshotMode.AI)
                .setTimeout(steps.remaining());
        if (snapshot.depth() != null) {
            options.setDepth(snapshot.depth());
        }
        return JsonNodeFactory.instance.textNode(steps.onPage(page -> page.ariaSnapshot(options)));
    }

    private static Locator.AriaSnapshotOptions locatorOptions(Action.AriaSnapshot snapshot, double timeout) {
        Locator.AriaSnapshotOptions options = new Locator.AriaSnapshotOptions().setMode(AriaSnapshotMode.AI)
                .setTimeout(timeout);
        if (snapshot.depth() != null) {
            options.setDepth(snapshot.depth());
        }
        return options;
    }

    static ActionRunner.Result screenshot(ActionSteps steps, Action.Screenshot screenshot) {
        byte[] bytes;
        if (screenshot.selector() != null) {
            bytes = ElementSteps.actFor(steps, screenshot.selector(), (locator, timeout) -> locator.screenshot(
                    new Locator.ScreenshotOptions().setTimeout(Math.max(timeout, steps.remaining()))));
        } else {
            bytes = steps.onPage(page -> page.screenshot(new Page.ScreenshotOptions()
                    .setFullPage(Boolean.TRUE.equals(screenshot.fullPage())).setTimeout(steps.remaining())));
        }
        return binary(bytes, "image/png");
    }

    static ActionRunner.Result pdf(ActionSteps steps, Action.Pdf pdf) {
        byte[] bytes = steps.onPage(page -> page.pdf(new Page.PdfOptions()
                .setFormat(pdf.format() == null ? "A4" : pdf.format())));
        return binary(bytes, "application/pdf");
    }

    /** The JSON describes the file; the bytes travel beside it. */
    private static ActionRunner.Result binary(byte[] bytes, String contentType) {
        ObjectNode json = JsonNodeFactory.instance.objectNode().put("contentType", contentType)
                .put("bytes", bytes.length);
        json.put("data", Base64.getEncoder().encodeToString(bytes));
        return new ActionRunner.Result(json, bytes, contentType);
    }
}
