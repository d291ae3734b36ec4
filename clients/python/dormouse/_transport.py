"""HTTP to the registry with the standard library: JSON in and out, the API key, typed errors."""

from __future__ import annotations

import json
import socket
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from typing import Any, Dict, Mapping, Optional

from . import __version__
from .errors import DormouseError, Unavailable, error_for

#: The version of the HTTP API this client speaks; the registry names its own in ``Dormouse-Api-Version``.
API_VERSION = "1"


@dataclass(frozen=True)
class Reply:
    """One HTTP answer: status, headers (lower-case names) and the decoded JSON body (None when empty)."""

    status: int
    headers: Mapping[str, str]
    body: Any
    raw: bytes


class Transport:
    """Sends requests to one registry with one API key. Thread-safe: it keeps no state between requests."""

    def __init__(self, url: str, api_key: Optional[str], timeout: float) -> None:
        self.url = url.rstrip("/")
        self.api_key = api_key
        self.timeout = timeout

    def request(self, method: str, path: str, body: Any = None, query: Optional[Mapping[str, Any]] = None,
                headers: Optional[Mapping[str, str]] = None, timeout: Optional[float] = None,
                accept_statuses: tuple = ()) -> Reply:
        """Sends one request. A status of 400 or more raises the typed error, unless it is in ``accept_statuses``."""
        url = self.url + path
        if query:
            pairs = {k: v for k, v in query.items() if v is not None}
            if pairs:
                url += "?" + urllib.parse.urlencode(pairs)
        data = None if body is None else json.dumps(body).encode("utf-8")
        request = urllib.request.Request(url, data=data, method=method)
        request.add_header("Accept", "application/json")
        request.add_header("User-Agent", f"dormouse-python/{__version__}")
        if data is not None:
            request.add_header("Content-Type", "application/json")
        if self.api_key:
            request.add_header("Authorization", f"Bearer {self.api_key}")
        for name, value in (headers or {}).items():
            request.add_header(name, value)
        try:
            with urllib.request.urlopen(request, timeout=timeout or self.timeout) as response:
                return self._reply(response.status, response.headers, response.read())
        except urllib.error.HTTPError as e:
            reply = self._reply(e.code, e.headers, e.read())
            if e.code in accept_statuses:
                return reply
            raise self._error(reply) from None
        except (urllib.error.URLError, ConnectionError, socket.timeout, TimeoutError) as e:
            reason = getattr(e, "reason", e)
            raise Unavailable("unavailable", f"{method} {self.url}{path}: {reason}") from e

    @staticmethod
    def _reply(status: int, headers: Any, raw: bytes) -> Reply:
        lowered = {k.lower(): v for k, v in headers.items()} if headers else {}
        body: Any = None
        if raw and lowered.get("content-type", "").startswith("application/json"):
            body = json.loads(raw.decode("utf-8"))
        return Reply(status, lowered, body, raw)

    @staticmethod
    def _error(reply: Reply) -> DormouseError:
        body: Dict[str, Any] = reply.body if isinstance(reply.body, dict) else {}
        code = body.get("error") or f"http-{reply.status}"
        message = body.get("message") or reply.raw.decode("utf-8", "replace")[:500]
        return error_for(str(code), str(message), reply.status, body.get("commandId"))
