package io.dormouse.worker.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The URL check as an attacker spells URLs: every spelling Chromium would open as a local page is refused. */
class UrlJudgeTest {
    private static final UrlJudge JUDGE = new UrlJudge(Set.of("http", "https", "about", "data"));

    @ParameterizedTest
    @ValueSource(strings = {
            "file:///etc/hostname#{",
            "file:///etc/hostname",
            "fi\tle:///etc/hostname",
            "f\ni\rle:///etc/hostname",
            "\u0001file:///etc/hostname",
            " \u0000\u001ffile:///etc/hostname ",
            "file:/etc/hostname?a=|",
            "FILE:///etc/hostname",
            "File://localhost/etc/hostname",
            "file:etc/hostname",
            "chrome://version/{",
            "chrome://settings",
            "CHROME://version",
            "chrome-untrusted://terminal/",
            "chrome-extension://abcdefghijklmnop/x.html",
            "devtools://devtools/bundled/inspector.html",
            "view-source:http://127.0.0.1/{",
            "view-source:file:///etc/hostname",
            "vIeW-SoUrCe:fIlE:///etc/hostname",
            "view-source:view-source:file:///etc/passwd",
            "javascript:alert(1)",
            "jav\tascript:alert(1)",
            "blob:file:///x",
            "filesystem:file:///temporary/x",
            "about:config",
            "about:srcdoc",
            "ftp://example.com/",
            "ws://127.0.0.1:8100/",
            "/etc/hostname",
            "//evil.example/",
            "etc/hostname",
            "",
            "   ",
            "http://",
            "https://user@/x",
            ":file:///etc/hostname",
            "1file:///etc/hostname",
            "fi le:///etc/hostname",
            "\u00a0file:///etc/hostname"})
    void refusesEveryLocalOrUnreadableSpelling(String url) {
        assertThat(JUDGE.judge(url)).as(UrlJudge.printable(url)).isInstanceOf(UrlJudge.Verdict.Denied.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "http://127.0.0.1:8000/",
            "https://example.com/a?b=c#d",
            "HTTPS://EXAMPLE.com/",
            "http://example.com/{|}",
            "http:\\\\example.com\\path",
            "about:blank",
            "data:text/html,<h1>hi</h1>",
            "http://[::1]:8080/",
            // Chromium reads this as http://path/: the host is what follows the slashes.
            "http:///path"})
    void allowsWebPages(String url) {
        assertThat(JUDGE.judge(url)).as(url).isInstanceOf(UrlJudge.Verdict.Allowed.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {" \thttp://exa\nmple.com/\r\n", "Ht\tTp://example.com/"})
    void opensTheSpellingItJudged(String url) {
        assertThat(JUDGE.judge(url)).isEqualTo(new UrlJudge.Verdict.Allowed("http://example.com/"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"view-source:file:///etc/hostname", "view-source:view-source:file:///etc/passwd"})
    void aRefusalNamesWhatAWrapperHid(String url) {
        assertThat(JUDGE.judge(url)).isInstanceOfSatisfying(UrlJudge.Verdict.Denied.class,
                denied -> assertThat(denied.reason()).contains("view-source: scheme").contains("file:"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"file:///etc/hostname", "chrome://version", "view-source:http://a/",
            "blob:null/1234", "devtools://devtools/", "filesystem:http://a/temporary/x"})
    void pagesMayNotStayOnLocalUrls(String url) {
        assertThat(JUDGE.mayShow(url)).as(url).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"about:blank", "about:srcdoc", "chrome-error://chromewebdata/", "https://a.example/",
            "blob:https://a.example/0b5e", "data:text/plain,x"})
    void pagesMayShowWhatTheBrowserShowsForTheWeb(String url) {
        assertThat(JUDGE.mayShow(url)).as(url).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"data:text/html,x"})
    void dataUrlsCanBeTurnedOff(String url) {
        UrlJudge webOnly = new UrlJudge(Set.of("http", "https", "about"));
        assertThat(webOnly.judge(url)).isInstanceOf(UrlJudge.Verdict.Denied.class);
        assertThat(webOnly.mayShow(url)).isFalse();
    }
}
