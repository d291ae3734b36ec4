package io.dormouse.worker.browser;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.microsoft.playwright.options.Cookie;
import com.microsoft.playwright.options.SameSiteAttribute;

import io.dormouse.protocol.Action;

/** Cookies between the action API's JSON and Playwright's. */
final class CookieJson {
    private CookieJson() {
    }

    /** The {@code cookies} action's result. */
    static JsonNode of(List<Cookie> cookies) {
        ArrayNode array = JsonNodeFactory.instance.arrayNode();
        for (Cookie cookie : cookies) {
            ObjectNode node = array.addObject();
            node.put("name", cookie.name);
            node.put("value", cookie.value);
            node.put("domain", cookie.domain);
            node.put("path", cookie.path);
            node.put("expires", cookie.expires == null ? -1 : cookie.expires);
            node.put("httpOnly", Boolean.TRUE.equals(cookie.httpOnly));
            node.put("secure", Boolean.TRUE.equals(cookie.secure));
            if (cookie.sameSite != null) {
                node.put("sameSite", cookie.sameSite.name());
            }
        }
        return array;
    }

    /** What {@code addCookies} adds. */
    static List<Cookie> toPlaywright(List<Action.CookieParam> params) {
        List<Cookie> cookies = new ArrayList<>();
        for (Action.CookieParam param : params) {
            Cookie cookie = new Cookie(param.name(), param.value());
            if (param.url() != null) {
                cookie.setUrl(param.url());
            } else {
                cookie.setDomain(param.domain()).setPath(param.path());
            }
            if (param.expires() != null) {
                cookie.setExpires(param.expires());
            }
            if (param.httpOnly() != null) {
                cookie.setHttpOnly(param.httpOnly());
            }
            if (param.secure() != null) {
                cookie.setSecure(param.secure());
            }
            if (param.sameSite() != null) {
                cookie.setSameSite(SameSiteAttribute.valueOf(param.sameSite().toUpperCase(Locale.ROOT)));
            }
            cookies.add(cookie);
        }
        return cookies;
    }
}
