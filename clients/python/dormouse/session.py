"""A session and its active page: the actions of the HTTP API as methods."""

from __future__ import annotations

import base64
import secrets
from typing import TYPE_CHECKING, Any, Dict, Iterator, List, Mapping, Optional, Sequence

from .errors import ActionFailed, Unavailable, WorkerTimeout, error_for
from .models import ActionResult, HistoryEntry, Metrics, SessionInfo

if TYPE_CHECKING:
    from .client import Client

#: What an action may take unless told otherwise, as the registry's own default.
DEFAULT_ACTION_TIMEOUT_MS = 30_000


def new_command_id() -> str:
    """A command id of the client's own, sent as ``Dormouse-Command-Id`` so a retry is recognised."""
    return "cmd_py" + secrets.token_hex(10)


class Session:
    """A persistent browser session. Cheap to make: it holds the id and the last view of the session."""

    def __init__(self, client: "Client", info: SessionInfo) -> None:
        self._client = client
        self.info = info

    @property
    def id(self) -> str:
        return self.info.id

    @property
    def state(self) -> str:
        return self.info.state

    def __repr__(self) -> str:
        return f"Session({self.id!r}, state={self.state!r})"

    # -- actions -------------------------------------------------------------------------------------------------

    def act(self, action: Mapping[str, Any], timeout_ms: Optional[int] = None,
            command_id: Optional[str] = None) -> ActionResult:
        """Runs one action (``{"type": …, …}``) and returns its result, or raises the typed error.

        A retry after the registry or the worker did not answer in time sends the same command id, so the action
        never runs twice: the registry returns the first outcome instead.
        """
        command_id = command_id or new_command_id()
        timeout = timeout_ms or DEFAULT_ACTION_TIMEOUT_MS
        transport = self._client.transport
        attempts = self._client.retries + 1
        for attempt in range(attempts):
            try:
                reply = transport.request(
                    "POST", f"/v1/sessions/{self.id}/actions", body=dict(action),
                    query={"timeoutMs": timeout}, headers={"Dormouse-Command-Id": command_id},
                    timeout=timeout / 1000.0 + 15)
                break
            except (WorkerTimeout, Unavailable) as e:
                if attempt == attempts - 1:
                    e.command_id = command_id
                    raise
        body = reply.body or {}
        if body.get("status") == "failed":
            error = body.get("error") or {}
            raise error_for(error.get("code", "internal"), error.get("message", ""), reply.status,
                            body.get("commandId"), action=True)
        if body.get("sessionState"):
            self.info = _with_state(self.info, body["sessionState"])
        return ActionResult(command_id=body.get("commandId", command_id), result=body.get("result"),
                            session_state=body.get("sessionState"), worker_id=body.get("workerId"),
                            timings=body.get("timings") or {})

    def get_active_page(self) -> "Page":
        """The tab actions run in (the one the agent left the session on)."""
        return Page(self)

    def pages(self) -> List[Dict[str, Any]]:
        """The open tabs: ``[{index, url, title}]``."""
        return self.act({"type": "listPages"}).result.get("pages", [])

    def new_page(self, url: Optional[str] = None) -> "Page":
        """Opens a tab (at ``url``) and makes it the active one."""
        self.act({"type": "newPage", "url": url} if url else {"type": "newPage"})
        return Page(self)

    def switch_page(self, index: int) -> "Page":
        self.act({"type": "switchPage", "index": index})
        return Page(self)

    def close_page(self, index: int) -> None:
        self.act({"type": "closePage", "index": index})

    # -- lifecycle -----------------------------------------------------------------------------------------------

    def refresh(self) -> SessionInfo:
        """Reads the session again."""
        self.info = SessionInfo.of(self._client.transport.request("GET", f"/v1/sessions/{self.id}").body)
        return self.info

    def hibernate(self) -> Dict[str, Any]:
        """Stores a snapshot and closes the context; the next action or resume rehydrates it."""
        body = self._client.transport.request("POST", f"/v1/sessions/{self.id}/hibernate").body
        self.info = _with_state(self.info, "HIBERNATED")
        return body or {}

    def resume(self) -> "Session":
        """Makes the session active (rehydrating it if it was hibernated)."""
        body = self._client.transport.request("POST", f"/v1/sessions/{self.id}/resume",
                                              timeout=self._client.transport.timeout + 60).body
        self.info = SessionInfo.of(body)
        return self

    def recycle(self) -> Dict[str, Any]:
        """Snapshot, close and rehydrate: fresh browser memory, the same state."""
        return self._client.transport.request("POST", f"/v1/sessions/{self.id}/recycle").body or {}

    def delete(self) -> None:
        self._client.transport.request("DELETE", f"/v1/sessions/{self.id}")
        self.info = _with_state(self.info, "DELETED")

    def update_tags(self, tags: Sequence[str]) -> SessionInfo:
        """Replaces the session's tags."""
        self.info = self._client.update_session_tags(self.id, tags).info
        return self.info

    def patch_tags(self, add: Sequence[str] = (), remove: Sequence[str] = ()) -> SessionInfo:
        """Adds and removes tags atomically: concurrent patches all apply."""
        body = self._client.transport.request("PATCH", f"/v1/sessions/{self.id}/tags",
                                              body={"add": list(add), "remove": list(remove)}).body
        self.info = SessionInfo.of(body)
        return self.info

    def get_metrics(self) -> Metrics:
        return Metrics.of(self._client.transport.request("GET", f"/v1/sessions/{self.id}/metrics").body)

    def history(self, page_size: int = 100) -> Iterator[HistoryEntry]:
        """Every journal entry, oldest first, page after page."""
        after: Optional[str] = None
        while True:
            reply = self._client.transport.request("GET", f"/v1/sessions/{self.id}/history",
                                                   query={"after": after, "limit": page_size})
            for entry in reply.body or []:
                yield HistoryEntry.of(entry)
            after = reply.headers.get("dormouse-next-cursor")
            if not after:
                return

    def snapshots(self) -> List[Dict[str, Any]]:
        """The kept snapshot versions, newest first."""
        body = self._client.transport.request("GET", f"/v1/sessions/{self.id}/snapshots").body
        return body.get("versions", body) if isinstance(body, dict) else (body or [])

    def rewind(self, version: int) -> SessionInfo:
        """Makes snapshot ``version`` current again."""
        body = self._client.transport.request("POST", f"/v1/sessions/{self.id}/rewind", body={"version": version},
                                              timeout=self._client.transport.timeout + 60).body
        self.info = SessionInfo.of(body)
        return self.info

    def fork(self, count: int = 1, tags: Sequence[str] = ()) -> List["Session"]:
        """``count`` new hibernated sessions from this one's latest snapshot (e.g. many logged-in copies)."""
        body = self._client.transport.request("POST", f"/v1/sessions/{self.id}/fork",
                                              body={"count": count, "tags": list(tags)}).body
        return [Session(self._client, SessionInfo.of(s)) for s in body.get("sessions", [])]

    def connect_url(self) -> str:
        """A short-lived CDP WebSocket URL bound to this session, for Playwright's ``connect_over_cdp``,
        Puppeteer's ``connect``, browser-use or Playwright MCP. The session keeps its state across connections."""
        return self._client.transport.request("POST", f"/v1/sessions/{self.id}/connect").body["cdpUrl"]


class Page:
    """The session's active tab. Every method is one action on the session; ``url`` reads the page's URL."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def _run(self, action: Dict[str, Any], timeout: Optional[int] = None) -> Any:
        return self.session.act({k: v for k, v in action.items() if v is not None}, timeout_ms=timeout).result

    @property
    def url(self) -> str:
        return self._run({"type": "url"})

    def title(self) -> str:
        return self._run({"type": "title"})

    def content(self) -> str:
        return self._run({"type": "content"})

    def aria_snapshot(self, selector: Optional[str] = None, depth: Optional[int] = None,
                      timeout: Optional[int] = None) -> str:
        """The accessibility tree (of the page, or of ``selector``) as YAML for a model; each element carries a
        ``[ref=e5]`` that later actions target with the selector ``aria-ref=e5``."""
        return self._run({"type": "ariaSnapshot", "selector": selector, "depth": depth}, timeout)

    def goto(self, url: str, wait_until: Optional[str] = None, timeout: Optional[int] = None) -> Dict[str, Any]:
        """Navigates; ``{url, title, status}``. ``wait_until``: load (default), domcontentloaded, networkidle, commit."""
        return self._run({"type": "navigate", "url": url, "waitUntil": wait_until}, timeout)

    def reload(self, wait_until: Optional[str] = None, timeout: Optional[int] = None) -> Dict[str, Any]:
        return self._run({"type": "reload", "waitUntil": wait_until}, timeout)

    def go_back(self, wait_until: Optional[str] = None, timeout: Optional[int] = None) -> Dict[str, Any]:
        return self._run({"type": "back", "waitUntil": wait_until}, timeout)

    def go_forward(self, wait_until: Optional[str] = None, timeout: Optional[int] = None) -> Dict[str, Any]:
        return self._run({"type": "forward", "waitUntil": wait_until}, timeout)

    def wait_for_selector(self, selector: str, state: Optional[str] = None, timeout: Optional[int] = None) -> bool:
        """Waits until an element matches and is visible (or ``state``: attached, detached, hidden)."""
        return self._run({"type": "waitForSelector", "selector": selector, "state": state}, timeout)

    def wait_for_url(self, url: Optional[str] = None, regex: Optional[str] = None,
                     timeout: Optional[int] = None) -> str:
        """Waits until the page's URL matches the glob ``url`` or the regular expression ``regex``."""
        return self._run({"type": "waitForUrl", "url": url, "regex": regex}, timeout)

    def evaluate(self, expression: str, arg: Any = None, timeout: Optional[int] = None) -> Any:
        """Runs an expression or a function (called with ``arg``) in the page; awaits a promise; returns JSON."""
        return self._run({"type": "evaluate", "expression": expression, "arg": arg}, timeout)

    def click(self, selector: str, timeout: Optional[int] = None) -> None:
        self._run({"type": "click", "selector": selector}, timeout)

    def hover(self, selector: str, timeout: Optional[int] = None) -> None:
        self._run({"type": "hover", "selector": selector}, timeout)

    def fill(self, selector: str, value: str, timeout: Optional[int] = None) -> None:
        self._run({"type": "fill", "selector": selector, "value": value}, timeout)

    def type(self, selector: str, text: str, delay: Optional[int] = None, timeout: Optional[int] = None) -> int:
        return self._run({"type": "type", "selector": selector, "text": text, "delayMillis": delay}, timeout)

    def press(self, selector: str, key: str, timeout: Optional[int] = None) -> None:
        self._run({"type": "press", "selector": selector, "key": key}, timeout)

    def select_option(self, selector: str, values: Sequence[str], timeout: Optional[int] = None) -> List[str]:
        return self._run({"type": "selectOption", "selector": selector, "values": list(values)}, timeout)

    def check(self, selector: str, checked: bool = True, timeout: Optional[int] = None) -> None:
        self._run({"type": "check", "selector": selector, "checked": checked}, timeout)

    def cookies(self) -> List[Dict[str, Any]]:
        return self._run({"type": "cookies"})

    def add_cookies(self, cookies: Sequence[Mapping[str, Any]]) -> int:
        return self._run({"type": "addCookies", "cookies": [dict(c) for c in cookies]})

    def clear_cookies(self) -> None:
        self._run({"type": "clearCookies"})

    def local_storage(self, keys: Optional[Sequence[str]] = None) -> Dict[str, str]:
        return self._run({"type": "getLocalStorage", "keys": list(keys) if keys is not None else None})

    def set_local_storage(self, items: Mapping[str, Optional[str]]) -> int:
        """Sets items; a None value removes the key."""
        return self._run({"type": "setLocalStorage", "items": dict(items)})

    def set_extra_http_headers(self, headers: Mapping[str, str]) -> None:
        self._run({"type": "setExtraHttpHeaders", "headers": dict(headers)})

    def screenshot(self, full_page: bool = False, selector: Optional[str] = None,
                   timeout: Optional[int] = None) -> bytes:
        """PNG bytes of the viewport, the whole page, or one element."""
        return self._file(self._run({"type": "screenshot", "fullPage": full_page or None, "selector": selector},
                                    timeout))

    def pdf(self, format: Optional[str] = None, timeout: Optional[int] = None) -> bytes:
        return self._file(self._run({"type": "pdf", "format": format}, timeout))

    def _file(self, result: Dict[str, Any]) -> bytes:
        if "data" in result:
            return base64.b64decode(result["data"])
        # Larger files are claim-checked: the result names where the registry serves them.
        reply = self.session._client.transport.request("GET", result["href"], headers={"Accept": "*/*"})
        return reply.raw


def _with_state(info: SessionInfo, state: str) -> SessionInfo:
    from dataclasses import replace
    return replace(info, state=state)


__all__ = ["ActionFailed", "Page", "Session", "new_command_id"]
